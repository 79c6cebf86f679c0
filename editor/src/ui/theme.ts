// Light and dark theme: follows the system until the user picks one, remembered in localStorage.
import { useEffect } from 'react';
import { create } from 'zustand';

export type Theme = 'light' | 'dark';

const stored = (): Theme | null => {
  try {
    const v = localStorage.getItem('tern.theme');
    return v === 'light' || v === 'dark' ? v : null;
  } catch {
    return null;
  }
};

const system = (): Theme => (globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');

export const useTheme = create<{ theme: Theme; toggle(): void }>((set, get) => ({
  theme: stored() ?? system(),
  toggle: () => {
    const theme = get().theme === 'dark' ? 'light' : 'dark';
    try {
      localStorage.setItem('tern.theme', theme);
    } catch {
      // not remembered; still applied
    }
    set({ theme });
  },
}));

/** Puts the theme on <html data-theme>, where the CSS tokens read it. */
export function useApplyTheme() {
  const theme = useTheme((s) => s.theme);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
}
