/**
 * Server-wide e-mail settings and rules (the defaults of every policy), and "Send test
 * message". Each route: validate (pure parser) ▶ check references ▶ store ▶ present.
 */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { defaultEmailSettings } from '../../../domain/email-settings.js';
import { defaultRules } from '../../../domain/rules.js';
import { parseEmailSettings, presentEmailSettings } from '../../../settings/email-settings.js';
import { parseRules } from '../../../settings/rules.js';
import type { AppContext } from '../../context.js';
import { documentedOnly, emailSettingsSchema, rulesSchema, testMessageSchema } from '../../schemas.js';
import { checkCertificateReferences } from './certificate-references.js';
import { runTestMessage } from './test-message.js';

/** `GET/PUT /api/v1/settings/email`, `POST /api/v1/settings/email/test`, `GET/PUT /api/v1/settings/rules`. */
export function settingsRoutes(context: AppContext): FastifyPluginAsync {
  const { store, secrets, snapshots } = context;
  return async (app: FastifyInstance) => {
    app.get('/api/v1/settings/email', { schema: { tags: ['settings'], summary: 'The server-wide e-mail settings (defaults of every policy)' } }, async () => {
      const stored = await store.settings.getEmail();
      return presentEmailSettings(stored?.value ?? defaultEmailSettings());
    });

    app.put(
      '/api/v1/settings/email',
      { ...documentedOnly, schema: { tags: ['settings'], summary: 'Replace the e-mail settings', body: emailSettingsSchema } },
      async (request) => {
        const stored = await store.settings.getEmail();
        const settings = parseEmailSettings(request.body, { stored: stored?.value ?? null, secrets });
        await checkCertificateReferences(store, settings.tls);
        const saved = await store.settings.putEmail(settings);
        snapshots.invalidate();
        // Transport settings are read at every attempt: retry what waits now instead of after its backoff.
        await store.notifications.expediteDeferred(context.clock());
        return presentEmailSettings(saved.value);
      },
    );

    app.post(
      '/api/v1/settings/email/test',
      { ...documentedOnly, schema: { tags: ['settings'], summary: 'Send test message: deliver one real message now and report every attempt', body: testMessageSchema } },
      async (request) => runTestMessage(context, request.body ?? {}),
    );

    app.get('/api/v1/settings/rules', { schema: { tags: ['settings'], summary: 'Which events notify' } }, async () => {
      const stored = await store.settings.getRules();
      return stored?.value ?? defaultRules();
    });

    app.put('/api/v1/settings/rules', { ...documentedOnly, schema: { tags: ['settings'], summary: 'Replace the rules', body: rulesSchema } }, async (request) => {
      const saved = await store.settings.putRules(parseRules(request.body));
      snapshots.invalidate();
      return saved.value;
    });
  };
}
