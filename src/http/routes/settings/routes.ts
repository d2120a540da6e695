/**
 * Server-wide e-mail settings and rules (the defaults of every policy), and "Send test
 * message". Each route: parse the transport format ▶ settings service ▶ present.
 */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { runTestMessage } from '../../../delivery/test-message.js';
import { actorOf } from '../../actor.js';
import type { AppContext } from '../../context.js';
import { presentEmailSettings } from '../../presenters/settings.js';
import { documentedOnly, emailSettingsSchema, rulesSchema, testMessageSchema } from '../../schemas.js';

/** `GET/PUT /api/v1/settings/email`, `POST /api/v1/settings/email/test`, `GET/PUT /api/v1/settings/rules`. */
export function settingsRoutes(context: AppContext): FastifyPluginAsync {
  const { settings } = context;
  const testMessageDeps = { store: context.store, secrets: context.secrets, clock: context.clock, dnsServers: context.config.dnsServers, send: context.sendTestMessage };
  return async (app: FastifyInstance) => {
    app.get('/api/v1/settings/email', { schema: { tags: ['settings'], summary: 'The server-wide e-mail settings (defaults of every policy)' } }, async () =>
      presentEmailSettings(await settings.emailSettings()),
    );

    app.put(
      '/api/v1/settings/email',
      { ...documentedOnly, schema: { tags: ['settings'], summary: 'Replace the e-mail settings', body: emailSettingsSchema } },
      async (request) => presentEmailSettings(await settings.replaceEmailSettings(request.body, actorOf(request))),
    );

    app.post(
      '/api/v1/settings/email/test',
      { ...documentedOnly, schema: { tags: ['settings'], summary: 'Send test message: deliver one real message now and report every attempt', body: testMessageSchema } },
      async (request) => runTestMessage(testMessageDeps, request.body ?? {}),
    );

    app.get('/api/v1/settings/rules', { schema: { tags: ['settings'], summary: 'Which events notify' } }, async () => settings.rules());

    app.put('/api/v1/settings/rules', { ...documentedOnly, schema: { tags: ['settings'], summary: 'Replace the rules', body: rulesSchema } }, async (request) =>
      settings.replaceRules(request.body, actorOf(request)),
    );
  };
}
