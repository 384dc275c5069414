import { useState, type FormEvent } from 'react';
import type { ParleyClient } from '@parley/client';
import type { Navigate } from '../hooks/use-route.js';
import { AuthLayout } from '../components/auth-layout.js';
import { Field } from '../components/field.js';
import { FormAlert } from '../components/form-alert.js';
import { toFormErrors, type FormErrors } from '../lib/errors.js';

interface SignInPageProps {
  client: ParleyClient;
  flash: string | null;
  onSignedIn: (token: string, phone: string) => void;
  navigate: Navigate;
}

export function SignInPage({ client, flash, onSignedIn, navigate }: SignInPageProps) {
  const [phone, setPhone] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>({ fields: {}, form: null });

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors({ fields: {}, form: null });
    try {
      const reply = await client.signin({ phone: phone.trim(), password });
      onSignedIn(reply.token, reply.user.phone);
    } catch (error) {
      setErrors(toFormErrors(error, { phone: 'Phone', password: 'Password' }));
      setBusy(false);
    }
  }

  return (
    <AuthLayout title="Welcome back" subtitle="Sign in with your phone number and password.">
      <FormAlert text={flash && !errors.form ? flash : null} tone="info" />
      <form className="auth-form" onSubmit={submit} noValidate>
        <FormAlert text={errors.form} />
        <Field label="Phone" type="tel" autoComplete="tel" inputMode="tel" required value={phone} onChange={(e) => setPhone(e.target.value)} error={errors.fields.phone} />
        <Field label="Password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} error={errors.fields.password} />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p className="auth-switch">
        New to Parley?{' '}
        <button type="button" className="link" onClick={() => navigate({ page: 'signup' })}>
          Create an account
        </button>
      </p>
    </AuthLayout>
  );
}
