import { useState, type FormEvent } from 'react';
import type { ParleyClient } from '@parley/client';
import type { Navigate } from '../hooks/use-route.js';
import { AuthLayout } from '../components/auth-layout.js';
import { Field } from '../components/field.js';
import { FormAlert } from '../components/form-alert.js';
import { toFormErrors, type FormErrors } from '../lib/errors.js';

interface SignUpPageProps {
  client: ParleyClient;
  onSignedIn: (token: string, phone: string) => void;
  navigate: Navigate;
}

const labels = { name: 'Name', phone: 'Phone', password: 'Password' };

/** Creates the account, then signs in with it, so a new user lands in the chat at once. */
export function SignUpPage({ client, onSignedIn, navigate }: SignUpPageProps) {
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>({ fields: {}, form: null });

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors({ fields: {}, form: null });
    try {
      const user = await client.signup({ name, phone, password });
      const reply = await client.signin({ phone: user.phone, password });
      onSignedIn(reply.token, reply.user.phone);
    } catch (error) {
      setErrors(toFormErrors(error, labels));
      setBusy(false);
    }
  }

  return (
    <AuthLayout title="Create your account" subtitle="People find you by your name or phone number.">
      <form className="auth-form" onSubmit={submit} noValidate>
        <FormAlert text={errors.form} />
        <Field label="Name" autoComplete="name" required value={name} onChange={(e) => setName(e.target.value)} error={errors.fields.name} />
        <Field
          label="Phone"
          type="tel"
          autoComplete="tel"
          inputMode="tel"
          required
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
          error={errors.fields.phone}
          hint="6–15 digits; a leading +, spaces and dashes are fine."
        />
        <Field
          label="Password"
          type="password"
          autoComplete="new-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.fields.password}
          hint="At least 8 characters."
        />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? 'Creating account…' : 'Sign up'}
        </button>
      </form>
      <p className="auth-switch">
        Already have an account?{' '}
        <button type="button" className="link" onClick={() => navigate({ page: 'signin' })}>
          Sign in
        </button>
      </p>
    </AuthLayout>
  );
}
