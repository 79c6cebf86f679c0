import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The runtime serves dist/ at `/`; in development `npm run dev -w @tern/editor` proxies the API to
// a server started with `npm start` (port 3700).
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4_000,
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3700',
      '/webhook': 'http://127.0.0.1:3700',
    },
  },
});
