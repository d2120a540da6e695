/**
 * The signed-in frame: a sidebar with the navigation, the language switch and the user (a
 * slide-in drawer behind a menu button on narrow screens), and the page beside it.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { Link, ROUTES, useRouter, type Route } from './router';
import { useSession } from './session';
import { useI18n } from '../i18n/I18nProvider';
import { Icon, type IconName } from '../components/Icon';
import { LanguageSelect } from './LanguageSelect';
import { useDocumentTitle } from './useDocumentTitle';
import { DefaultSenderNotice } from '../components/DefaultSenderNotice';
import { useSavedSenderIsDefault } from './useSavedSenderIsDefault';
import type { MessageKey } from '../i18n/en';

const NAV: Record<Route, { label: MessageKey; icon: IconName }> = {
  settings: { label: 'nav.settings', icon: 'settings' },
  rules: { label: 'nav.rules', icon: 'rules' },
  events: { label: 'nav.events', icon: 'events' },
  notifications: { label: 'nav.notifications', icon: 'notifications' },
  storm: { label: 'nav.storm', icon: 'events' },
  tokens: { label: 'nav.tokens', icon: 'tokens' },
  audit: { label: 'nav.audit', icon: 'check' },
  account: { label: 'nav.account', icon: 'lock' },
};

/** The brand mark and name. */
function Brand() {
  const { t } = useI18n();
  return (
    <div className="brand">
      <span className="brand__mark" aria-hidden="true">
        H
      </span>
      <span>
        <span className="brand__name">{t('app.name')}</span>
        <span className="brand__tagline">{t('app.tagline')}</span>
      </span>
    </div>
  );
}

/** The page links. */
function NavLinks({ onNavigate }: { onNavigate(): void }) {
  const { route } = useRouter();
  const { t } = useI18n();
  return (
    <nav aria-label={t('nav.main')} className="nav">
      <ul>
        {ROUTES.map(({ route: r, path }) => (
          <li key={r}>
            <Link href={path} className="nav__link" aria-current={route === r ? 'page' : undefined} onClick={onNavigate}>
              <Icon name={NAV[r].icon} />
              <span>{t(NAV[r].label)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** User name and sign-out button. */
function UserBox({ username }: { username: string }) {
  const { signOut } = useSession();
  const { t } = useI18n();
  return (
    <div className="userbox">
      <span className="userbox__avatar" aria-hidden="true">
        {username.slice(0, 1).toUpperCase()}
      </span>
      <span className="userbox__name">{t('session.signedInAs', { username })}</span>
      <button type="button" className="icon-btn" onClick={() => void signOut()} aria-label={t('session.signOut')} title={t('session.signOut')}>
        <Icon name="logout" />
      </button>
    </div>
  );
}

/** Sidebar + content. */
export function Layout({ username, children }: { username: string; children: ReactNode }) {
  const { t } = useI18n();
  const { route } = useRouter();
  const [menuOpen, setMenuOpen] = useState(false);
  useDocumentTitle(t(NAV[route].label));
  // the settings page warns by itself, next to the sender field, as it is typed
  const defaultSender = useSavedSenderIsDefault(route);

  useEffect(() => setMenuOpen(false), [route]);

  useEffect(() => {
    if (!menuOpen) return undefined;
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && setMenuOpen(false);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [menuOpen]);

  return (
    <div className={`shell${menuOpen ? ' shell--menu-open' : ''}`}>
      <header className="topbar">
        <button
          type="button"
          className="icon-btn topbar__menu"
          aria-expanded={menuOpen}
          aria-controls="sidebar"
          aria-label={menuOpen ? t('nav.closeMenu') : t('nav.openMenu')}
          onClick={() => setMenuOpen((open) => !open)}
        >
          <Icon name={menuOpen ? 'x' : 'menu'} size={22} />
        </button>
        <Brand />
      </header>
      <aside className="sidebar" id="sidebar">
        <div className="sidebar__inner">
          <div className="sidebar__brand">
            <Brand />
          </div>
          <NavLinks onNavigate={() => setMenuOpen(false)} />
          <div className="sidebar__footer">
            <LanguageSelect id="language-select" />
            <UserBox username={username} />
          </div>
        </div>
      </aside>
      {menuOpen ? <div className="scrim" aria-hidden="true" onClick={() => setMenuOpen(false)} /> : null}
      <main className="content" id="main">
        {defaultSender && route !== 'settings' ? (
          <div className="layout-notice">
            <DefaultSenderNotice withLink />
          </div>
        ) : null}
        {children}
      </main>
    </div>
  );
}
