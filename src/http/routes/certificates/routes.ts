/**
 * Certificates: upload (JSON with base64 fields, or multipart/form-data with the same field
 * names so `curl -F` and the console can send files), metadata, delete (409 while in use).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import { ingestUpload, parseCertificateUpload } from '../../../certs/upload.js';
import { toStoredCertificate } from '../../../certs/tls-material.js';
import { defaultEmailSettings } from '../../../domain/email-settings.js';
import { InputError } from '../../../domain/errors.js';
import { storableText } from '../../../domain/text.js';
import type { AppContext } from '../../context.js';
import { conflict, notFound } from '../../errors.js';
import { presentCertificate } from '../../presenters.js';
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
  const { store, secrets, clock } = context;
  return async (app: FastifyInstance) => {
    app.post(
      '/api/v1/certificates',
      { ...documentedOnly, schema: { tags: ['certificates'], summary: 'Upload a CA bundle or a client certificate', body: uploadSchema } },
      async (request, reply) => {
        const raw = request.isMultipart() ? await multipartBody(request) : request.body;
        const upload = parseCertificateUpload(raw);
        const now = clock();
        const checked = ingestUpload(upload, now);
        const stored = toStoredCertificate(randomUUID(), checked.kind, checked.format, checked.result, secrets, now);
        await store.certificates.insert(stored);
        context.snapshots.invalidate();
        return reply.status(201).send(presentCertificate(stored));
      },
    );

    app.get('/api/v1/certificates', { schema: { tags: ['certificates'], summary: 'List certificates (metadata only)' } }, async () => ({
      items: (await store.certificates.list()).map(presentCertificate),
      nextCursor: null,
    }));

    app.get<{ Params: { id: string } }>(
      '/api/v1/certificates/:id',
      { schema: { tags: ['certificates'], summary: 'One certificate (metadata only)', params: idParams } },
      async (request) => {
        const cert = await store.certificates.get(request.params.id);
        if (cert === null) throw notFound(`Certificate "${request.params.id}"`);
        return presentCertificate(cert);
      },
    );

    app.delete<{ Params: { id: string } }>(
      '/api/v1/certificates/:id',
      { schema: { tags: ['certificates'], summary: 'Delete a certificate that no settings use', params: idParams } },
      async (request, reply) => {
        const id = request.params.id;
        if ((await store.certificates.get(id)) === null) throw notFound(`Certificate "${id}"`);
        const users = await certificateUsers(context, id);
        if (users.length > 0) throw conflict(`The certificate is in use by ${users.join(', ')}; change those settings first.`);
        await store.certificates.delete(id);
        context.snapshots.invalidate();
        return reply.status(204).send();
      },
    );
  };
}

/** Which settings documents reference a certificate ("the server settings", "policy kes"). */
async function certificateUsers(context: AppContext, id: string): Promise<string[]> {
  const users: string[] = [];
  const email = (await context.store.settings.getEmail())?.value ?? defaultEmailSettings();
  if (email.tls.serverCa === id || email.tls.clientCertificate === id) users.push('the server settings');
  for (const policy of await context.store.policies.list()) {
    if (policy.email.tls?.serverCa === id || policy.email.tls?.clientCertificate === id) users.push(`policy "${policy.applicationId}"`);
  }
  return users;
}
