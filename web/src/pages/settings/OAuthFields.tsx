/**
 * OAuth 2.0 (XOAUTH2) settings: the provider, what it needs (tenant, client id and secret; or
 * the Google service account key; or a token endpoint), and a short "what to register where"
 * with links to the providers' own instructions.
 */
import { useI18n } from '../../i18n/I18nProvider';
import { Field } from '../../components/Field';
import type { OAuth2Provider } from '../../api/types';
import type { MessageKey } from '../../i18n/en';
import { controlId } from './fieldErrors';
import { SecretField } from './SecretField';
import type { OAuth2Form } from './model';
import type { AuthEditing } from './AuthSection';

const PROVIDERS: ReadonlyArray<{ provider: OAuth2Provider; label: MessageKey }> = [
  { provider: 'microsoft', label: 'oauth.provider.microsoft' },
  { provider: 'google', label: 'oauth.provider.google' },
  { provider: 'generic', label: 'oauth.provider.generic' },
];

/** The providers' own documentation for the registration. */
const HELP_LINKS: Readonly<Record<OAuth2Provider, ReadonlyArray<{ href: string; label: MessageKey }>>> = {
  microsoft: [
    { href: 'https://learn.microsoft.com/en-us/exchange/client-developer/legacy-protocols/how-to-authenticate-an-imap-pop-smtp-application-by-using-oauth', label: 'oauth.help.microsoft.link1' },
    { href: 'https://learn.microsoft.com/en-us/entra/identity-platform/quickstart-register-app', label: 'oauth.help.microsoft.link2' },
  ],
  google: [
    { href: 'https://developers.google.com/identity/protocols/oauth2/service-account', label: 'oauth.help.google.link1' },
    { href: 'https://support.google.com/a/answer/162106', label: 'oauth.help.google.link2' },
  ],
  generic: [{ href: 'https://datatracker.ietf.org/doc/html/rfc6749#section-4.4', label: 'oauth.help.generic.link1' }],
};

const HELP_TEXT: Readonly<Record<OAuth2Provider, MessageKey>> = {
  microsoft: 'oauth.help.microsoft',
  google: 'oauth.help.google',
  generic: 'oauth.help.generic',
};

/** The OAuth fields of the authentication section. */
export function OAuthFields({ form, errors, update, idOf = controlId }: AuthEditing) {
  const { t } = useI18n();
  const oauth2 = form.oauth2;
  const set = (patch: Partial<OAuth2Form>): void => update({ oauth2: { ...oauth2, ...patch } });
  const provider = oauth2.provider;
  return (
    <>
      <Field id={idOf('auth.oauth2.provider')} label={t('oauth.provider')} error={errors['auth.oauth2.provider']}>
        {(control) => (
          <select {...control} value={provider} onChange={(e) => set({ provider: e.target.value as OAuth2Provider })}>
            {PROVIDERS.map((p) => (
              <option key={p.provider} value={p.provider}>
                {t(p.label)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {provider === 'microsoft' ? (
        <Field id={idOf('auth.oauth2.tenant')} label={t('oauth.tenant')} hint={t('oauth.tenantHint')} error={errors['auth.oauth2.tenant']}>
          {(control) => <input {...control} type="text" spellCheck={false} autoComplete="off" value={oauth2.tenant} placeholder="corp.onmicrosoft.com" onChange={(e) => set({ tenant: e.target.value })} />}
        </Field>
      ) : null}
      {provider === 'generic' ? (
        <Field id={idOf('auth.oauth2.tokenUrl')} label={t('oauth.tokenUrl')} error={errors['auth.oauth2.tokenUrl']} className="span-2">
          {(control) => <input {...control} type="url" spellCheck={false} autoComplete="off" value={oauth2.tokenUrl} placeholder="https://login.example/oauth2/token" onChange={(e) => set({ tokenUrl: e.target.value })} />}
        </Field>
      ) : null}
      {provider === 'google' ? (
        <SecretField
          id={idOf('auth.oauth2.serviceAccountKey')}
          texts={{ label: t('oauth.serviceAccountKey'), isSet: t('oauth.keySet'), willClear: t('oauth.keyWillClear'), keep: t('oauth.keyKeep'), hint: t('oauth.serviceAccountKeyHint') }}
          stored={oauth2.serviceAccountKeySet}
          intent={oauth2.serviceAccountKey}
          error={errors['auth.oauth2.serviceAccountKey']}
          multiline
          onChange={(serviceAccountKey) => set({ serviceAccountKey })}
        />
      ) : (
        <>
          <Field id={idOf('auth.oauth2.clientId')} label={t('oauth.clientId')} error={errors['auth.oauth2.clientId']}>
            {(control) => <input {...control} type="text" spellCheck={false} autoComplete="off" value={oauth2.clientId} onChange={(e) => set({ clientId: e.target.value })} />}
          </Field>
          <SecretField
            id={idOf('auth.oauth2.clientSecret')}
            texts={{ label: t('oauth.clientSecret'), isSet: t('oauth.secretSet'), willClear: t('oauth.secretWillClear'), keep: t('oauth.secretKeep') }}
            stored={oauth2.clientSecretSet}
            intent={oauth2.clientSecret}
            error={errors['auth.oauth2.clientSecret']}
            onChange={(clientSecret) => set({ clientSecret })}
          />
        </>
      )}
      <ProviderHelp provider={provider} />
    </>
  );
}

/** What to register where, with links to the provider's own instructions. */
function ProviderHelp({ provider }: { provider: OAuth2Provider }) {
  const { t } = useI18n();
  return (
    <div className="oauth-help span-2" data-testid="oauth-help">
      <p>{t(HELP_TEXT[provider])}</p>
      <ul>
        {HELP_LINKS[provider].map((link) => (
          <li key={link.href}>
            <a href={link.href} target="_blank" rel="noreferrer noopener">
              {t(link.label)}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
