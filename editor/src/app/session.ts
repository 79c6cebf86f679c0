// Who is signed in: decides between the first-run screen, the sign-in screen and the app.
import { create } from 'zustand';
import { ApiError, get, post, setUnauthorizedHandler } from '../api/client.js';

export type SessionStatus = 'loading' | 'setup' | 'login' | 'ready' | 'offline';

interface SessionState {
  status: SessionStatus;
  email: string | null;
  error: string | null;
  refresh(): Promise<void>;
  setup(email: string, password: string): Promise<string>;
  login(email: string, password: string): Promise<void>;
  logout(): Promise<void>;
}

export const useSession = create<SessionState>((set, getState) => ({
  status: 'loading',
  email: null,
  error: null,
  refresh: async () => {
    try {
      const { needed } = await get<{ needed: boolean }>('/api/setup');
      if (needed) return set({ status: 'setup', email: null, error: null });
      const me = await get<{ email: string }>('/api/me');
      set({ status: 'ready', email: me.email, error: null });
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) set({ status: 'login', email: null, error: null });
      else set({ status: 'offline', error: err instanceof Error ? err.message : String(err) });
    }
  },
  /** Creates the owner (the server signs them in) and answers the API key it shows once. The
   *  first-run screen stays until the user has kept the key and calls refresh(). */
  setup: async (email, password) => {
    const { apiKey } = await post<{ apiKey: string }>('/api/setup', { email, password });
    set({ email });
    return apiKey;
  },
  login: async (email, password) => {
    await post('/api/login', { email, password });
    await getState().refresh();
  },
  logout: async () => {
    await post('/api/logout');
    set({ status: 'login', email: null });
  },
}));

setUnauthorizedHandler(() => {
  if (useSession.getState().status === 'ready') useSession.setState({ status: 'login', email: null });
});
