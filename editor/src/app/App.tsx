// The app: the session decides what shows (first run, sign-in, or the screens behind it), and
// the router maps URLs to screens so every screen has a deep link that survives a refresh.
import { useEffect } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { CredentialsPage } from '../pages/CredentialsPage.js';
import { KeysPage } from '../pages/KeysPage.js';
import { LoginPage } from '../pages/LoginPage.js';
import { SetupPage } from '../pages/SetupPage.js';
import { WorkflowEditorPage } from '../pages/WorkflowEditorPage.js';
import { WorkflowsPage } from '../pages/WorkflowsPage.js';
import { ConfirmHost } from '../ui/dialog.js';
import { useApplyTheme } from '../ui/theme.js';
import { Toasts } from '../ui/toast.js';
import { Shell } from './Shell.js';
import { useSession } from './session.js';

export function App() {
  useApplyTheme();
  const status = useSession((s) => s.status);
  const refresh = useSession((s) => s.refresh);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  return (
    <BrowserRouter>
      {status === 'loading' && <div className="center-screen muted">Loading…</div>}
      {status === 'offline' && <Offline />}
      {status === 'setup' && <SetupPage />}
      {status === 'login' && <LoginPage />}
      {status === 'ready' && (
        <Routes>
          <Route element={<Shell />}>
            <Route index element={<WorkflowsPage />} />
            <Route path="workflows" element={<Navigate to="/" replace />} />
            <Route path="workflows/:id" element={<WorkflowEditorPage />} />
            <Route path="workflows/:id/executions/:executionId" element={<WorkflowEditorPage />} />
            <Route path="credentials" element={<CredentialsPage />} />
            <Route path="keys" element={<KeysPage />} />
            <Route path="*" element={<NotFound />} />
          </Route>
        </Routes>
      )}
      <Toasts />
      <ConfirmHost />
    </BrowserRouter>
  );
}

function Offline() {
  const { error, refresh } = useSession();
  return (
    <div className="center-screen">
      <div className="card card-body stack" style={{ maxWidth: 420 }}>
        <h1>Tern cannot be reached</h1>
        <p className="muted">{error}</p>
        <button className="btn primary" onClick={() => void refresh()}>Try again</button>
      </div>
    </div>
  );
}

function NotFound() {
  return (
    <div className="page">
      <div className="empty-state">
        <h2>Nothing here</h2>
        <p>This address does not lead to a screen of Tern.</p>
        <a className="btn primary" href="/">Go to workflows</a>
      </div>
    </div>
  );
}
