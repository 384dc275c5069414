import { useEffect, useRef, type ReactNode } from 'react';
import { Brand } from './brand.js';

let firstPage = true;

/**
 * The frame of the welcome, sign-in and sign-up pages: the brand above one centered card. After
 * a change of page the focus moves to its heading, so that it neither stays on <body> nor on a
 * button that is gone, and a screen reader announces where one is.
 */
export function AuthLayout({ title, subtitle, children }: { title: string; subtitle?: string; children: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (firstPage) {
      firstPage = false;
      return;
    }
    if (!document.activeElement || document.activeElement === document.body || !document.activeElement.isConnected) heading.current?.focus();
  }, []);
  return (
    <main className="auth">
      <div className="auth-card">
        <Brand size="lg" />
        <h1 className="auth-title" ref={heading} tabIndex={-1}>
          {title}
        </h1>
        {subtitle ? <p className="auth-subtitle">{subtitle}</p> : null}
        {children}
      </div>
    </main>
  );
}
