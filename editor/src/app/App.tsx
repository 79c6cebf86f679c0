// The app: the session decides what shows (first run, sign-in, or the screens behind it), and
// the router maps URLs to screens so every screen has a deep link that survives a refresh. A
// data router (createBrowserRouter), because the editor's leave guard blocks navigation —
// the browser's Back button too — while there are unsaved changes.
import { useEffect } from 'react';
import { createBrowserRouter, Navigate, Outlet, RouterProvider } from 'react-router';
import { ContactPage } from '../pages/contacts/ContactPage.js';
import { ContactsPage } from '../pages/contacts/ContactsPage.js';
import { CredentialsPage } from '../pages/CredentialsPage.js';
import { SegmentEditorPage } from '../pages/segments/SegmentEditorPage.js';
import { SegmentsPage } from '../pages/segments/SegmentsPage.js';
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

const router = createBrowserRouter([
  {
    element: <Root />,
    children: [
      {
        element: <SignedIn />,
        children: [
          { index: true, element: <WorkflowsPage /> },
          { path: 'workflows', element: <Navigate to="/" replace /> },
          { path: 'workflows/:id', element: <WorkflowEditorPage /> },
          { path: 'workflows/:id/executions/:executionId', element: <WorkflowEditorPage /> },
          { path: 'credentials', element: <CredentialsPage /> },
          { path: 'keys', element: <KeysPage /> },
          { path: 'contacts', element: <ContactsPage /> },
          { path: 'contacts/:id', element: <ContactPage /> },
          { path: 'segments', element: <SegmentsPage /> },
          { path: 'segments/:id', element: <SegmentEditorPage /> },
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}

function Root() {
  useApplyTheme();
  const refresh = useSession((s) => s.refresh);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  return (
    <>
      <Outlet />
      <Toasts />
      <ConfirmHost />
    </>
  );
}

/** The screens behind sign-in; before it, the first-run or sign-in screen at whatever URL was asked for. */
function SignedIn() {
  const status = useSession((s) => s.status);
  if (status === 'loading') return <div className="center-screen muted">Loading…</div>;
  if (status === 'offline') return <Offline />;
  if (status === 'setup') return <SetupPage />;
  if (status === 'login') return <LoginPage />;
  return <Shell />;
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
