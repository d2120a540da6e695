/** Template helpers for the console: the variable list and a preview with a sample event. */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { InputError } from '../../../domain/errors.js';
import { MAX_BODY_TEMPLATE_LENGTH, MAX_HEADER_TEMPLATE_LENGTH } from '../../../settings/email-fields.js';
import { renderNotification } from '../../../templates/notification.js';
import { findUnknownVariables, TemplateError } from '../../../templates/render.js';
import { TEMPLATE_VARIABLES } from '../../../domain/template-variables.js';
import { sampleEvent } from '../../../templates/variables.js';
import type { AppContext } from '../../context.js';

/** The same length limits as the settings' templates (a preview renders what could be saved). */
const previewBody = {
  type: 'object',
  required: ['sender', 'subject', 'body'],
  additionalProperties: false,
  properties: {
    sender: { type: 'string', maxLength: MAX_HEADER_TEMPLATE_LENGTH },
    subject: { type: 'string', maxLength: MAX_HEADER_TEMPLATE_LENGTH },
    body: { type: 'string', maxLength: MAX_BODY_TEMPLATE_LENGTH },
  },
} as const;

type Templates = { sender: string; subject: string; body: string };

/** `GET /api/v1/templates/variables`, `POST /api/v1/templates/preview`. */
export function templateRoutes(_context: AppContext): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    app.get('/api/v1/templates/variables', { schema: { tags: ['templates'], summary: 'The %VARIABLES% templates may use' } }, async () => ({
      items: TEMPLATE_VARIABLES.map(({ name, description }) => ({ name: `%${name}%`, description })),
    }));

    app.post<{ Body: Templates }>(
      '/api/v1/templates/preview',
      { schema: { tags: ['templates'], summary: 'Render templates for a sample event', body: previewBody } },
      async (request) => {
        for (const field of ['sender', 'subject', 'body'] as const) {
          const unknown = findUnknownVariables(request.body[field]);
          if (unknown.length > 0) {
            throw new InputError('UNKNOWN_TEMPLATE_VARIABLE', `Unknown template variable %${unknown[0]}% in ${field}; write %% for a literal %.`, field);
          }
        }
        try {
          return renderNotification(request.body, sampleEvent());
        } catch (error) {
          if (error instanceof TemplateError) throw new InputError('TEMPLATE_ERROR', error.message, 'sender');
          throw error;
        }
      },
    );
  };
}
