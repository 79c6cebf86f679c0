// The frame of the screens before sign-in (first run, sign-in): the brand above a centred card.
import type { ReactNode } from 'react';
import './pages.css';

export function AuthLayout({ title, subtitle, children }: { title: string; subtitle?: ReactNode; children: ReactNode }) {
  return (
    <main className="center-screen auth-screen">
      <div className="auth-box">
        <div className="auth-brand">
          <img src="/favicon.svg" width={28} height={28} alt="" /> Tern
        </div>
        <div className="card card-body auth-card">
          <div className="stack">
            <h1>{title}</h1>
            {subtitle && <p className="muted auth-subtitle">{subtitle}</p>}
          </div>
          {children}
        </div>
      </div>
    </main>
  );
}
