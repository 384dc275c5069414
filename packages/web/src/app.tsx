import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { createClient, IndexedDbOutboxStore, type ParleyClient } from '@parley/client';
import { useRoute } from './hooks/use-route.js';
import { chatRoute } from './lib/routes.js';
import { clearSession, loadSession, saveSession, type StoredSession } from './lib/session.js';
import { WelcomePage } from './pages/welcome-page.js';
import { SignInPage } from './pages/sign-in-page.js';
import { SignUpPage } from './pages/sign-up-page.js';

// The chat is most of the code: it loads when needed, so that the first screen comes up fast.
const ChatPage = lazy(() => import('./pages/chat-page.js'));

// One IndexedDB outbox for the origin; each record names its account.
const outboxStore = new IndexedDbOutboxStore();

function newClient(token: string | null): ParleyClient {
  return createClient({ url: location.origin, token, outboxStore });
}

/** Picks the page: the chat when a session is stored, the welcome and sign-in pages otherwise. */
export function App() {
  const [route, navigate] = useRoute();
  const [client, setClient] = useState(() => newClient(loadSession()?.token ?? null));
  const [session, setSession] = useState<StoredSession | null>(() => loadSession());
  const [flash, setFlash] = useState<string | null>(null);

  useEffect(() => {
    if (session && route.page !== 'chat') navigate(chatRoute(), { replace: true });
    if (!session && route.page === 'chat') navigate({ page: 'welcome' }, { replace: true });
  }, [session, route, navigate]);

  const onSignedIn = useCallback(
    (token: string, phone: string) => {
      const next = { token, phone };
      saveSession(next);
      setFlash(null);
      setSession(next);
      navigate(chatRoute(), { replace: true });
    },
    [navigate],
  );

  const endSession = useCallback(
    (message: string | null) => {
      clearSession();
      client.close();
      // A fresh client: nothing of the last session's rooms or token carries over.
      setClient(newClient(null));
      setSession(null);
      setFlash(message);
      navigate({ page: 'signin' }, { replace: true });
    },
    [client, navigate],
  );

  const onSignOut = useCallback(() => {
    client.signout().catch(() => {
      // Signed out here either way; the server forgets the token when it expires.
    });
    endSession(null);
  }, [client, endSession]);

  const onSessionEnded = useCallback(() => endSession('Your session has ended. Please sign in again.'), [endSession]);

  if (session) {
    return (
      <Suspense fallback={<p className="page-loading">Loading your chats…</p>}>
        <ChatPage key={client.token ?? ''} client={client} phone={session.phone} route={route.page === 'chat' ? route : chatRoute()} navigate={navigate} onSignOut={onSignOut} onSessionEnded={onSessionEnded} />
      </Suspense>
    );
  }
  if (route.page === 'signin') return <SignInPage client={client} flash={flash} onSignedIn={onSignedIn} navigate={navigate} />;
  if (route.page === 'signup') return <SignUpPage client={client} onSignedIn={onSignedIn} navigate={navigate} />;
  return <WelcomePage navigate={navigate} />;
}
