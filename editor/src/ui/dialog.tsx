// A modal dialog (Escape closes, focus moves in) and a promise-based confirm() for destructive
// actions: `if (await confirm({ title, message, confirmLabel: 'Delete', danger: true })) …`.
import { type ReactNode, useEffect, useRef } from 'react';
import { create } from 'zustand';

export function Dialog(props: { title: string; onClose: () => void; children: ReactNode; footer?: ReactNode; wide?: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const first = ref.current?.querySelector<HTMLElement>('input, textarea, select, button.primary, button');
    first?.focus();
    return () => previous?.focus?.();
  }, []);
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && props.onClose()}>
      <div
        ref={ref}
        className={`dialog${props.wide ? ' wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-label={props.title}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            props.onClose();
          }
        }}
      >
        <div className="dialog-header"><h2>{props.title}</h2></div>
        <div className="dialog-body">{props.children}</div>
        {props.footer && <div className="dialog-footer">{props.footer}</div>}
      </div>
    </div>
  );
}

interface ConfirmRequest {
  title: string;
  message: ReactNode;
  confirmLabel?: string;
  danger?: boolean;
}

const useConfirm = create<{ request: (ConfirmRequest & { resolve: (ok: boolean) => void }) | null }>(() => ({ request: null }));

export function confirm(request: ConfirmRequest): Promise<boolean> {
  return new Promise((resolve) => useConfirm.setState({ request: { ...request, resolve } }));
}

export function ConfirmHost() {
  const request = useConfirm((s) => s.request);
  if (!request) return null;
  const close = (ok: boolean) => {
    useConfirm.setState({ request: null });
    request.resolve(ok);
  };
  return (
    <Dialog
      title={request.title}
      onClose={() => close(false)}
      footer={
        <>
          <button className="btn" onClick={() => close(false)}>Cancel</button>
          <button className={`btn primary${request.danger ? ' danger solid' : ''}`} onClick={() => close(true)}>
            {request.confirmLabel ?? 'OK'}
          </button>
        </>
      }
    >
      <div>{request.message}</div>
    </Dialog>
  );
}
