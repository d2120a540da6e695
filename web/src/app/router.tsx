/**
 * A minimal history-API router: the console's handful of pages need no library. The server
 * answers every unknown path with index.html, so deep links and reloads work.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from 'react';

/** The console's pages. */
export type Route = 'settings' | 'rules' | 'events' | 'notifications' | 'storm' | 'tokens' | 'audit' | 'account';

/** Path of every page, in navigation order. */
export const ROUTES: ReadonlyArray<{ route: Route; path: string }> = [
  { route: 'settings', path: '/settings' },
  { route: 'rules', path: '/rules' },
  { route: 'events', path: '/events' },
  { route: 'notifications', path: '/notifications' },
  { route: 'storm', path: '/storm' },
  { route: 'tokens', path: '/tokens' },
  { route: 'audit', path: '/audit' },
  { route: 'account', path: '/account' },
];

/** The page for a path; unknown paths show the settings (the heart of the console). */
export function routeOf(pathname: string): Route {
  const match = ROUTES.find((r) => pathname === r.path || pathname.startsWith(r.path + '/'));
  return match?.route ?? 'settings';
}

interface RouterValue {
  route: Route;
  navigate(path: string): void;
}

const RouterContext = createContext<RouterValue | null>(null);

/** Tracks `location.pathname` and offers `navigate`. */
export function RouterProvider({ children }: { children: ReactNode }) {
  const [pathname, setPathname] = useState(() => window.location.pathname);

  useEffect(() => {
    const onPop = () => setPathname(window.location.pathname);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const navigate = useCallback((path: string) => {
    if (path !== window.location.pathname) window.history.pushState(null, '', path);
    setPathname(path);
    window.scrollTo(0, 0);
  }, []);

  const value = useMemo(() => ({ route: routeOf(pathname), navigate }), [pathname, navigate]);
  return <RouterContext.Provider value={value}>{children}</RouterContext.Provider>;
}

/** The current page and `navigate`. */
export function useRouter(): RouterValue {
  const value = useContext(RouterContext);
  if (value === null) throw new Error('useRouter outside RouterProvider');
  return value;
}

/** An anchor that navigates without reloading (and still opens in a new tab with a modifier). */
export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const { navigate } = useRouter();
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={handle} {...rest} />;
}
