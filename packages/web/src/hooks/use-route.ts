import { useCallback, useEffect, useState } from 'react';

export type Route = 'welcome' | 'signin' | 'signup' | 'chat';

const paths: Record<Route, string> = { welcome: '/', signin: '/signin', signup: '/signup', chat: '/chat' };

function routeOf(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  return (Object.keys(paths) as Route[]).find((r) => paths[r] === path) ?? 'welcome';
}

/** The page shown, kept in the address bar so that back/forward and reload work. */
export function useRoute(): [Route, (route: Route, replace?: boolean) => void] {
  const [route, setRoute] = useState<Route>(() => routeOf(location.pathname));

  useEffect(() => {
    const onPop = () => setRoute(routeOf(location.pathname));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const navigate = useCallback((next: Route, replace = false) => {
    if (location.pathname !== paths[next]) {
      if (replace) history.replaceState(null, '', paths[next]);
      else history.pushState(null, '', paths[next]);
    }
    setRoute(next);
  }, []);

  return [route, navigate];
}
