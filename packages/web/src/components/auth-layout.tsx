import type { ReactNode } from 'react';
import { Brand } from './brand.js';

/** The frame of the welcome, sign-in and sign-up pages: the brand above one centered card. */
export function AuthLayout({ title, subtitle, children }: { title: string; subtitle?: string; children: ReactNode }) {
  return (
    <main className="auth">
      <div className="auth-card">
        <Brand size="lg" />
        <h1 className="auth-title">{title}</h1>
        {subtitle ? <p className="auth-subtitle">{subtitle}</p> : null}
        {children}
      </div>
    </main>
  );
}
