/**
 * Certificates: upload (JSON with base64 fields, or multipart/form-data with the same field
 * names so `curl -F` and the console can send files), metadata, delete (409 while in use).
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import { parseCertificateUpload } from '../../../certs/upload.js';
import { InputError } from '../../../domain/errors.js';
import { storableText } from '../../../domain/text.js';
import { actorOf } from '../../actor.js';
import type { AppContext } from '../../context.js';
import { presentCertificate } from '../../presenters/resources.js';
import { documentedOnly, idParams } from '../../schemas.js';

const uploadSchema = {
  description: 'One of: {"kind":"ca","file"}, {"kind":"client","format":"x509","certificate","privateKey","password"}, {"kind":"client","format":"pkcs12","container","password"} — files base64 in JSON, or as files in multipart/form-data.',
  type: 'object',
  required: ['kind'],
  properties: {
    kind: { type: 'string', enum: ['ca', 'client'] },
    format: { type: 'string', enum: ['x509', 'pkcs12'] },
    file: { type: 'string', description: 'base64: PEM (one or many), DER or PKCS#7 (.p7b)' },
    certificate: { type: 'string', description: 'base64: certificate PEM or DER, chain may follow' },
    privateKey: { type: 'string', description: 'base64: PKCS#8, PKCS#1 or SEC1, PEM or DER, plain or encrypted' },
    container: { type: 'string', description: 'base64: PKCS#12 (.p12/.pfx)' },
    password: { type: 'string', description: 'Write-only; empty = not encrypted' },
  },
} as const;

const FILE_FIELDS = new Set(['file', 'certificate', 'privateKey', 'container']);

/**
 * Reads a multipart upload into the JSON shape (files as base64), so one parser validates both.
 * A truncated or malformed body is 400 and an over-large part 413, in the contract's shape.
 */
async function multipartBody(request: FastifyRequest): Promise<Record<string, string>> {
  const body: Record<string, string> = Object.create(null) as Record<string, string>;
  try {
    for await (const part of request.parts()) {
      const name = storableText(part.fieldname);
      if (part.type === 'file') body[name] = (await part.toBuffer()).toString('base64');
      else if (typeof part.value === 'string') body[name] = FILE_FIELDS.has(name) ? Buffer.from(part.value).toString('base64') : storableText(part.value);
    }
  } catch (error) {
    if ((error as { statusCode?: unknown }).statusCode === 413) {
      throw new InputError('PAYLOAD_TOO_LARGE', 'The upload is too large; each file may have at most 1 MiB.', undefined, 413);
    }
    throw new InputError('VALIDATION_FAILED', 'The multipart/form-data body is malformed or incomplete; send the whole form again.');
  }
  return body;
}

/** `POST/GET /api/v1/certificates`, `GET/DELETE /api/v1/certificates/{id}`. */
export function certificateRoutes(context: AppContext): FastifyPluginAsync {
  const { settings } = context;
  return async (app: FastifyInstance) => {
    app.post(
      '/api/v1/certificates',
      { ...documentedOnly, schema: { tags: ['certificates'], summary: 'Upload a CA bundle or a client certificate', body: uploadSchema } },
      async (request, reply) => {
        const upload = parseCertificateUpload(request.isMultipart() ? await multipartBody(request) : request.body);
        const stored = await settings.uploadCertificate(upload, actorOf(request));
        return reply.status(201).send(presentCertificate(stored));
      },
    );

    app.get('/api/v1/certificates', { schema: { tags: ['certificates'], summary: 'List certificates (metadata only)' } }, async () => ({
      items: (await settings.certificates()).map(presentCertificate),
      nextCursor: null,
    }));

    app.get<{ Params: { id: string } }>(
      '/api/v1/certificates/:id',
      { schema: { tags: ['certificates'], summary: 'One certificate (metadata only)', params: idParams } },
      async (request) => presentCertificate(await settings.certificate(request.params.id)),
    );

    app.delete<{ Params: { id: string } }>(
      '/api/v1/certificates/:id',
      { schema: { tags: ['certificates'], summary: 'Delete a certificate that no settings use', params: idParams } },
      async (request, reply) => {
        await settings.deleteCertificate(request.params.id, actorOf(request));
        return reply.status(204).send();
      },
    );
  };
}
