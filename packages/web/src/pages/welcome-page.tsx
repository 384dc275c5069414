import type { Navigate } from '../hooks/use-route.js';
import { AuthLayout } from '../components/auth-layout.js';

/** The first page: what Parley is, and the way in. */
export function WelcomePage({ navigate }: { navigate: Navigate }) {
  return (
    <AuthLayout title="Chat with people and rooms, live." subtitle="Private chats, groups and open rooms, on a server you run yourself.">
      <div className="auth-actions">
        <button type="button" className="btn btn-primary btn-block" onClick={() => navigate({ page: 'signin' })}>
          Sign in
        </button>
        <button type="button" className="btn btn-secondary btn-block" onClick={() => navigate({ page: 'signup' })}>
          Sign up
        </button>
      </div>
      <ul className="welcome-points">
        <li>Messages arrive the moment they are sent.</li>
        <li>Find people by name or phone, and rooms by name.</li>
        <li>Your history is kept, on every device you sign in from.</li>
      </ul>
    </AuthLayout>
  );
}
