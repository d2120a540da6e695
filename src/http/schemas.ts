/**
 * JSON schemas of the settings-shaped request bodies, published in the OpenAPI document.
 * Their routes validate with the pure parsers in src/settings (which give the precise codes
 * of API.md such as INVALID_RECIPIENT with `recipients[2]`), so these schemas document and
 * the parsers decide; `documentedOnly` marks that on a route.
 */
import { EMAIL_NUMBER_LIMITS, TLS_MIN_VERSIONS, TLS_MODES } from '../domain/email-settings.js';
import { REASONS } from '../domain/reason.js';
import { ERROR_DETAIL_KINDS, REQUEST_ERROR_CODES } from '../domain/error-codes.js';
import { SEVERITIES } from '../domain/severity.js';

/** Route option: publish the body schema but let the handler's parser validate. */
export const documentedOnly = { validatorCompiler: () => () => true } as const;

const listInput = {
  description: 'An array, or ONE string with entries separated by ";" (what an admin types).',
  oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
} as const;

const nullableString = { type: 'string', nullable: true } as const;

/** `tls` of the e-mail settings. */
export const tlsSchema = {
  type: 'object',
  properties: {
    mode: { type: 'string', enum: [...TLS_MODES] },
    implicit: { type: 'boolean', description: 'TLS from the first byte (SMTPS); only with mode "required".' },
    minVersion: { type: 'string', enum: [...TLS_MIN_VERSIONS] },
    verifyHostname: { type: 'boolean' },
    serverName: nullableString,
    serverCa: { ...nullableString, description: 'Certificate id of kind "ca".' },
    clientCertificate: { ...nullableString, description: 'Certificate id of kind "client".' },
  },
} as const;

/** `auth` of the e-mail settings; `password` is write-only. */
export const authSchema = {
  type: 'object',
  properties: {
    enabled: { type: 'boolean' },
    mechanism: { type: 'string', enum: ['password', 'oauth2'], default: 'password' },
    username: { type: 'string', description: 'The SMTP user; with oauth2 the mailbox Herald sends as.' },
    password: { ...nullableString, description: 'Write-only: a string sets it, absent keeps it, null clears it.' },
    passwordSet: { type: 'boolean', description: 'Output only; ignored on input.' },
    allowUnencrypted: { type: 'boolean', default: false, description: 'Credentials may be sent without TLS (otherwise AUTH_REQUIRES_TLS).' },
    oauth2: {
      type: 'object',
      properties: {
        provider: { type: 'string', enum: ['microsoft', 'google', 'generic'] },
        tenant: nullableString,
        clientId: { type: 'string' },
        clientSecret: { ...nullableString, description: 'Write-only, like password.' },
        clientSecretSet: { type: 'boolean', description: 'Output only.' },
        serviceAccountKey: { description: 'Write-only: the Google service account JSON key (text or object).' },
        serviceAccountKeySet: { type: 'boolean', description: 'Output only.' },
        tokenUrl: { ...nullableString, description: "https:// token endpoint; overrides the provider's." },
        scope: { ...nullableString, description: "Overrides the provider's scope." },
      },
    },
  },
} as const;

const emailProperties = {
  recipients: listInput,
  servers: listInput,
  port: { type: 'integer', minimum: EMAIL_NUMBER_LIMITS.port.min, maximum: EMAIL_NUMBER_LIMITS.port.max, default: 25 },
  useMx: { type: 'boolean' },
  helo: nullableString,
  auth: authSchema,
  tls: tlsSchema,
  sender: { type: 'string', description: 'Template (see Templates).' },
  subject: { type: 'string', description: 'Template.' },
  body: { type: 'string', description: 'Template.' },
  digestSubject: { type: 'string', description: 'Template of a digest subject (also knows %EVENT_COUNT%, %DEVICE_COUNT%, …).' },
  digestBody: { type: 'string', description: 'Template of a digest body (also knows %EVENT_LIST%, %FIRST_TIME%, %LAST_TIME%, …).' },
  rateLimit: {
    type: 'object',
    properties: { perMinute: { type: 'integer', nullable: true, minimum: EMAIL_NUMBER_LIMITS['rateLimit.perMinute'].min, maximum: EMAIL_NUMBER_LIMITS['rateLimit.perMinute'].max, description: 'At most this many messages per minute through these settings; null = no limit.' } },
  },
} as const;

/** The e-mail settings document (PUT replaces it whole). */
export const emailSettingsSchema = { type: 'object', properties: emailProperties } as const;

/** Which events notify. */
export const rulesSchema = {
  type: 'object',
  properties: {
    severities: { type: 'array', items: { type: 'string', enum: [...SEVERITIES] } },
    eventTypes: { type: 'object', additionalProperties: { type: 'boolean' } },
    grouping: {
      type: 'object',
      description: 'Storm control: events with the same values of "by" share a group; first at once (after waitSeconds), then digests.',
      properties: {
        by: { type: 'array', items: { type: 'string', enum: ['application', 'eventType', 'device', 'severity'] }, description: '[] = no grouping.' },
        waitSeconds: { type: 'integer', minimum: 0, default: 0 },
        intervalSeconds: { type: 'integer', minimum: 1, default: 300 },
        idleSeconds: { type: 'integer', minimum: 1, default: 3600 },
        maxListed: { type: 'integer', minimum: 0, default: 50 },
      },
    },
  },
} as const;

/** A per-application policy: any subset of the settings and rules. */
export const policySchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    email: { type: 'object', properties: emailProperties, description: 'Any subset; absent fields inherit the server defaults.' },
    rules: rulesSchema,
  },
} as const;

/** Body of "Send test message". */
export const testMessageSchema = {
  type: 'object',
  properties: {
    settings: emailSettingsSchema,
    policy: { type: 'string', description: "Test this application's effective settings instead." },
    recipients: listInput,
    allServers: { type: 'boolean', default: false },
  },
} as const;

/** Path parameter `{id}`. */
export const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string' } } } as const;

/** Path parameter `{applicationId}`. */
export const applicationParams = {
  type: 'object',
  required: ['applicationId'],
  properties: { applicationId: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

/**
 * Named schemas of the OpenAPI document (`components.schemas`): the closed lists, each from its
 * one `as const` definition in the domain.
 */
export const openApiComponentSchemas = {
  Reason: { type: 'string' as const, enum: [...REASONS], description: 'Why an attempt or a notification failed (a closed set; also a metric label).' },
  DeliveryError: {
    type: 'object' as const,
    required: ['code', 'message'],
    properties: {
      code: { type: 'string' as const, enum: [...REASONS] },
      message: { type: 'string' as const },
      smtpCode: { type: 'integer' as const },
    },
    description: "An attempt's error, a notification's lastError, the error of a test answer when nothing could be attempted.",
  },
  TlsMode: { type: 'string' as const, enum: [...TLS_MODES] },
  TlsMinVersion: { type: 'string' as const, enum: [...TLS_MIN_VERSIONS] },
  ErrorBody: {
    type: 'object' as const,
    required: ['error'],
    properties: {
      error: {
        type: 'object' as const,
        required: ['code', 'message'],
        properties: {
          code: { type: 'string' as const, enum: [...REQUEST_ERROR_CODES, ...REASONS] },
          message: { type: 'string' as const, description: 'A sentence a person can act on (English).' },
          field: { type: 'string' as const, description: 'JSON path of the field at fault, e.g. recipients[2].' },
          detail: {
            type: 'object' as const,
            required: ['kind'],
            properties: {
              kind: { type: 'string' as const, enum: [...ERROR_DETAIL_KINDS] },
              min: { type: 'integer' as const },
              max: { type: 'integer' as const },
            },
            description: 'The limit the value broke, so a client can word the error in its own language.',
          },
        },
      },
    },
    description: 'The body of every error answer, on every route.',
  },
};
