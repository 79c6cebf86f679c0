// Renders a screen the way the app does (router, toasts, confirm dialogs) for the screens' tests,
// and resets what those keep between tests.
import { cleanup, render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { afterEach, vi } from 'vitest';
import { ConfirmHost } from '../src/ui/dialog.js';
import { Toasts, useToasts } from '../src/ui/toast.js';

afterEach(() => {
  cleanup();
  useToasts.setState({ toasts: [] });
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

function Location() {
  return <div data-testid="location">{useLocation().pathname}</div>;
}

/** The screen at `/` (or at `route`, opened at `url`), with any other address showing where it navigated to. */
export function renderScreen(screen: ReactNode, { route = '/', url = route }: { route?: string; url?: string } = {}) {
  const user = userEvent.setup();
  const result = render(
    <MemoryRouter initialEntries={[url]}>
      <Routes>
        <Route path={route} element={screen} />
        <Route path="*" element={<Location />} />
      </Routes>
      <Toasts />
      <ConfirmHost />
    </MemoryRouter>,
  );
  return { user, ...result };
}
