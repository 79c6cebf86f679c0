// Leaving with unsaved changes asks first: closing or reloading the tab (`beforeunload`), and
// navigating elsewhere in the app (a confirm dialog). Moving between addresses of the same
// workflow (e.g. opening one of its executions) is not leaving.
// In-app navigation is blocked with React Router's `useBlocker` (links, navigate() and the
// browser's Back button), which is why the app uses a data router.
import { useEffect, useRef } from 'react';
import { useBlocker } from 'react-router';
import { confirm } from '../ui/dialog.js';

export interface LeaveGuardOptions {
  /** Whether going to this path is still "here" (never asked about). */
  stays?: (pathname: string) => boolean;
  title?: string;
  message?: string;
}

const ask = (options: LeaveGuardOptions) =>
  confirm({
    title: options.title ?? 'Leave without saving?',
    message: options.message ?? 'Your changes to this workflow are not saved. They are kept as a draft in this browser, but are not live.',
    confirmLabel: 'Leave',
    danger: true,
  });

export function useLeaveGuard(dirty: boolean, options: LeaveGuardOptions = {}): void {
  const latest = useRef({ dirty, options });
  latest.current = { dirty, options };

  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = ''; // older browsers show their prompt only with this set
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);

  const blocker = useBlocker(({ currentLocation, nextLocation }) => {
    const { dirty, options } = latest.current;
    if (!dirty || currentLocation.pathname === nextLocation.pathname) return false;
    return !options.stays?.(nextLocation.pathname);
  });
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    let live = true;
    void ask(latest.current.options).then((leave) => {
      if (!live) return;
      if (leave) blocker.proceed();
      else blocker.reset();
    });
    return () => {
      live = false;
    };
  }, [blocker, latest]);
}
