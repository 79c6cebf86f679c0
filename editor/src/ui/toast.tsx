// Feedback for every action: success and error toasts, shown bottom right. Errors carry the
// server's own message.
import { CheckCircle2, Info, X, XCircle } from 'lucide-react';
import { create } from 'zustand';

export type ToastKind = 'success' | 'error' | 'info';
interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
}

interface ToastState {
  toasts: Toast[];
  push(kind: ToastKind, message: string): void;
  dismiss(id: number): void;
}

let nextId = 1;

export const useToasts = create<ToastState>((set, get) => ({
  toasts: [],
  push: (kind, message) => {
    const id = nextId++;
    set((s) => ({ toasts: [...s.toasts.slice(-4), { id, kind, message }] }));
    setTimeout(() => get().dismiss(id), kind === 'error' ? 8_000 : 3_500);
  },
  dismiss: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
}));

export const toast = {
  success: (message: string) => useToasts.getState().push('success', message),
  error: (message: string) => useToasts.getState().push('error', message),
  info: (message: string) => useToasts.getState().push('info', message),
  /** The message of anything thrown, e.g. an ApiError with the server's words. */
  fail: (err: unknown, prefix?: string) =>
    useToasts.getState().push('error', `${prefix ? `${prefix}: ` : ''}${err instanceof Error ? err.message : String(err)}`),
};

const icons = { success: CheckCircle2, error: XCircle, info: Info };

export function Toasts() {
  const { toasts, dismiss } = useToasts();
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((t) => {
        const Icon = icons[t.kind];
        return (
          <div key={t.id} className={`toast ${t.kind}`} data-testid={`toast-${t.kind}`}>
            <Icon size={18} />
            <span className="toast-message">{t.message}</span>
            <button className="btn ghost icon small" aria-label="Dismiss" onClick={() => dismiss(t.id)}>
              <X size={14} />
            </button>
          </div>
        );
      })}
    </div>
  );
}
