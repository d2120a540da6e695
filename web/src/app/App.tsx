/** The console: providers, then the login page or the signed-in layout with the current page. */
import { I18nProvider, useI18n } from '../i18n/I18nProvider';
import { RouterProvider, useRouter, type Route } from './router';
import { SessionProvider, useSession } from './session';
import { Layout } from './Layout';
import { LoginPage } from '../pages/LoginPage';
import { SettingsPage } from '../pages/settings/SettingsPage';
import { RulesPage } from '../pages/policies/RulesPage';
import { EventsPage } from '../pages/EventsPage';
import { NotificationsPage } from '../pages/NotificationsPage';
import { TokensPage } from '../pages/TokensPage';
import { StormPage } from '../pages/storm/StormPage';
import { AuditPage } from '../pages/AuditPage';
import { AccountPage } from '../pages/AccountPage';

/** The page for a route. */
function Page({ route }: { route: Route }) {
  switch (route) {
    case 'settings':
      return <SettingsPage />;
    case 'rules':
      return <RulesPage />;
    case 'events':
      return <EventsPage />;
    case 'notifications':
      return <NotificationsPage />;
    case 'storm':
      return <StormPage />;
    case 'tokens':
      return <TokensPage />;
    case 'audit':
      return <AuditPage />;
    case 'account':
      return <AccountPage />;
  }
}

/** Chooses between login and the app. */
function Gate() {
  const { state } = useSession();
  const { route } = useRouter();
  const { t } = useI18n();
  switch (state.kind) {
    case 'checking':
      return (
        <div className="splash" role="status">
          {t('common.loading')}
        </div>
      );
    case 'signedOut':
      return <LoginPage expired={state.expired} />;
    case 'signedIn':
      return (
        <Layout username={state.username}>
          <Page key={route} route={route} />
        </Layout>
      );
  }
}

/** Root component. */
export function App() {
  return (
    <I18nProvider>
      <RouterProvider>
        <SessionProvider>
          <Gate />
        </SessionProvider>
      </RouterProvider>
    </I18nProvider>
  );
}
