/** The signed-in session as the seed keeps it: the token and the user's phone in localStorage. */
export interface StoredSession {
  token: string;
  phone: string;
}

const tokenKey = 'parley.token';
const phoneKey = 'parley.phone';

export function loadSession(): StoredSession | null {
  try {
    const token = localStorage.getItem(tokenKey);
    const phone = localStorage.getItem(phoneKey);
    return token && phone ? { token, phone } : null;
  } catch {
    // Storage can be disabled (private modes, policies): then the session lasts one page load.
    return null;
  }
}

export function saveSession(session: StoredSession): void {
  try {
    localStorage.setItem(tokenKey, session.token);
    localStorage.setItem(phoneKey, session.phone);
  } catch {
    // See loadSession.
  }
}

export function clearSession(): void {
  try {
    localStorage.removeItem(tokenKey);
    localStorage.removeItem(phoneKey);
  } catch {
    // See loadSession.
  }
}
