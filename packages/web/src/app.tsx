import { useCallback, useEffect, useState } from 'react';
import { createClient, type ParleyClient } from '@parley/client';
import { useRoute } from './hooks/use-route.js';
import { clearSession, loadSession, saveSession } from './lib/session.js';
import { WelcomePage } from './pages/welcome-page.js';
import { SignInPage } from './pages/sign-in-page.js';
import { SignUpPage } from './pages/sign-up-page.js';
import { ChatPage } from './pages/chat-page.js';

function newClient(token: string | null): ParleyClient {
  // fetch is wrapped: the SDK calls it as a method of its own object, and the browser's fetch
  // throws "Illegal invocation" unless called on window.
  return createClient({ url: location.origin, token });
}

/** Picks the page: the chat when a session is stored, the welcome and sign-in pages otherwise. */
export function App() {
  const [route, navigate] = useRoute();
  const [client, setClient] = useState(() => newClient(loadSession()?.token ?? null));
  const [signedIn, setSignedIn] = useState(() => loadSession() !== null);
  const [flash, setFlash] = useState<string | null>(null);

  useEffect(() => {
    if (signedIn && route !== 'chat') navigate('chat', true);
    if (!signedIn && route === 'chat') navigate('welcome', true);
  }, [signedIn, route, navigate]);

  const onSignedIn = useCallback(
    (token: string, phone: string) => {
      saveSession({ token, phone });
      setFlash(null);
      setSignedIn(true);
      navigate('chat', true);
    },
    [navigate],
  );

  const endSession = useCallback(
    (message: string | null) => {
      clearSession();
      client.close();
      // A fresh client: nothing of the last session's rooms or token carries over.
      setClient(newClient(null));
      setSignedIn(false);
      setFlash(message);
      navigate(message ? 'signin' : 'welcome', true);
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

  if (signedIn) return <ChatPage key={client.token ?? ''} client={client} onSignOut={onSignOut} onSessionEnded={onSessionEnded} />;
  if (route === 'signin') return <SignInPage client={client} flash={flash} onSignedIn={onSignedIn} navigate={navigate} />;
  if (route === 'signup') return <SignUpPage client={client} onSignedIn={onSignedIn} navigate={navigate} />;
  return <WelcomePage navigate={navigate} />;
}
