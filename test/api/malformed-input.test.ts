/**
 * Malformed input on EVERY route, on both stores (issue 13 items 4–6): bad URL encoding, NUL and
 * over-long path parameters, bad JSON, wrong content type, truncated multipart, huge bodies,
 * deep nesting, prototype keys, NUL and lone surrogates in text. Every answer is below 500 and
 * in the contract's error shape; text that reaches the store comes back with U+FFFD.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { routesOf, type RouteSummary } from '../../src/http/app.js';
import { item } from '../../src/store/fixtures.test-helpers.js';
import { storeFactories } from '../../src/store/store-factories.test-helpers.js';
import { describeApiOnStores } from '../support/api-on-stores.test-helpers.js';

type ErrorAnswer = { error: { code: string; message: string; field?: string } };

interface Answer {
  status: number;
  raw: string;
  json: unknown;
}

const BOUNDARY = '----herald-test-boundary';

/** A request variant: how to mangle one route, and what the route must answer (beyond the shape). */
interface Variant {
  name: string;
  applies(route: RouteSummary): boolean;
  request(route: RouteSummary): { url: string; headers?: Record<string, string>; payload?: string | Buffer };
  expect?: { status: number; code: string };
}

const hasBody = (route: RouteSummary) => route.method === 'POST' || route.method === 'PUT' || route.method === 'PATCH';
const hasParams = (route: RouteSummary) => route.url.includes(':');
const fill = (route: RouteSummary, value = 'x-1') => route.url.replace(/:[A-Za-z]+/g, value);
const json = { 'content-type': 'application/json' };

function nested(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

function truncatedMultipart(): Buffer {
  return Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nca\r\n` +
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="ca.pem"\r\nContent-Type: application/octet-stream\r\n\r\n-----BEGIN CERT`,
  );
}

function hugeMultipart(): Buffer {
  return Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nca\r\n--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="ca.pem"\r\n\r\n`),
    Buffer.alloc(1_200_000, 0x41),
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
}

const multipartHeaders = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` };

const VARIANTS: Variant[] = [
  { name: 'malformed URL encoding in a path parameter', applies: hasParams, request: (r) => ({ url: fill(r, '%ff') }), expect: { status: 400, code: 'VALIDATION_FAILED' } },
  { name: 'an encoded lone surrogate in a path parameter', applies: hasParams, request: (r) => ({ url: fill(r, '%ed%a0%80') }), expect: { status: 400, code: 'VALIDATION_FAILED' } },
  { name: 'a NUL in a path parameter', applies: hasParams, request: (r) => ({ url: fill(r, 'a%00b') }), expect: { status: 404, code: 'NOT_FOUND' } },
  { name: 'a path parameter longer than any id', applies: hasParams, request: (r) => ({ url: fill(r, 'x'.repeat(300)) }), expect: { status: 404, code: 'NOT_FOUND' } },
  { name: 'malformed and NUL query values', applies: () => true, request: (r) => ({ url: `${fill(r)}?%ff=%ff&limit=%00&before=%00&severity=%00&status=%ed%a0%80&deviceName=a%00b&applicationId=%00` }) },
  { name: 'bad JSON', applies: hasBody, request: (r) => ({ url: fill(r), headers: json, payload: '{"name": ' }), expect: { status: 400, code: 'INVALID_JSON' } },
  { name: 'an empty JSON body', applies: hasBody, request: (r) => ({ url: fill(r), headers: json, payload: '' }) },
  { name: 'a wrong content type', applies: hasBody, request: (r) => ({ url: fill(r), headers: { 'content-type': 'application/xml' }, payload: '<a/>' }), expect: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' } },
  { name: 'a truncated multipart body', applies: hasBody, request: (r) => ({ url: fill(r), headers: multipartHeaders, payload: truncatedMultipart() }) },
  { name: 'a multipart body without boundary', applies: hasBody, request: (r) => ({ url: fill(r), headers: { 'content-type': 'multipart/form-data' }, payload: 'x' }) },
  { name: 'a huge multipart file', applies: hasBody, request: (r) => ({ url: fill(r), headers: multipartHeaders, payload: hugeMultipart() }) },
  { name: 'a huge JSON body', applies: hasBody, request: (r) => ({ url: fill(r), headers: json, payload: JSON.stringify({ name: 'x'.repeat(1_200_000) }) }), expect: { status: 413, code: 'PAYLOAD_TOO_LARGE' } },
  { name: 'deeply nested JSON', applies: hasBody, request: (r) => ({ url: fill(r), headers: json, payload: nested(100_000) }), expect: { status: 400, code: 'VALIDATION_FAILED' } },
  { name: 'a __proto__ key', applies: hasBody, request: (r) => ({ url: fill(r), headers: json, payload: '{"name": "x", "__proto__": {"isAdmin": true}}' }), expect: { status: 400, code: 'VALIDATION_FAILED' } },
  { name: 'an escaped __proto__ key, nested', applies: hasBody, request: (r) => ({ url: fill(r), headers: json, payload: '{"email": {"\\u005f_proto__": {"port": 1}}}' }), expect: { status: 400, code: 'VALIDATION_FAILED' } },
  { name: 'a constructor.prototype key', applies: hasBody, request: (r) => ({ url: fill(r), headers: json, payload: '{"constructor": {"prototype": {"x": 1}}}' }), expect: { status: 400, code: 'VALIDATION_FAILED' } },
  {
    name: 'NUL and lone surrogates in every kind of text',
    applies: hasBody,
    request: (r) => ({
      url: fill(r),
      headers: json,
      payload: '{"name": "a\\u0000\\ud800", "username": "\\u0000", "password": "\\udfff", "kind": "ca\\u0000", "file": "\\u0000", "policy": "\\ud800", "recipients": "a\\u0000@x", "sender": "\\u0000", "subject": "\\ud800", "body": "\\u0000", "severities": ["\\u0000"], "events": [{"id": "\\u0000", "occurredAt": "2026-11-28T04:00:00Z", "severity": "info", "type": "\\ud800"}]}',
    }),
  },
];

const factories = await storeFactories();

describeApiOnStores('malformed input', { per: 'file' }, (t) => {
  async function send(method: string, spec: ReturnType<Variant['request']>): Promise<Answer> {
    const response = await t.app.inject({
      method: method as 'GET',
      url: spec.url,
      headers: { authorization: `Bearer ${t.adminToken}`, ...spec.headers },
      ...(spec.payload === undefined ? {} : { payload: spec.payload }),
    });
    let parsed: unknown = null;
    try {
      parsed = response.body === '' ? null : JSON.parse(response.body);
    } catch {
      parsed = response.body;
    }
    return { status: response.statusCode, raw: response.body, json: parsed };
  }

  function expectContractShape(answer: Answer, label: string): void {
    expect(answer.status, `${label}: ${answer.raw.slice(0, 300)}`).toBeLessThan(500);
    if (answer.status < 400) return;
    const body = answer.json as ErrorAnswer;
    expect(Object.keys(body), label).toEqual(['error']);
    expect(body.error.code, label).toMatch(/^[A-Z][A-Z0-9_]*$/);
    expect(body.error.message.length, label).toBeGreaterThan(10);
    expect(Object.keys(body.error).every((k) => ['code', 'message', 'field', 'detail'].includes(k)), label).toBe(true);
    expect(answer.raw, label).not.toMatch(/at .*\.(ts|js):\d+|FST_|statusCode/);
  }

  it('covers every route of the app', () => {
    const routes = routesOf(t.app).filter((r) => r.method !== 'HEAD');
    expect(routes.length).toBeGreaterThanOrEqual(25);
    for (const url of ['/api/v1/certificates/:id', '/api/v1/events', '/api/v1/settings/email/test', '/api/v1/policies/:applicationId/effective']) {
      expect(routes.map((r) => r.url)).toContain(url);
    }
  });

  it.each(VARIANTS.map((v) => [v.name, v] as const))('answers %s in the contract shape on every route', async (_name, variant) => {
    const routes = routesOf(t.app).filter((r) => r.method !== 'HEAD' && variant.applies(r));
    expect(routes.length).toBeGreaterThan(0);
    for (const route of routes) {
      const label = `${variant.name}: ${route.method} ${route.url}`;
      const answer = await send(route.method, variant.request(route));
      expectContractShape(answer, label);
      if (variant.expect !== undefined) {
        expect(answer.status, `${label}: ${answer.raw.slice(0, 300)}`).toBe(variant.expect.status);
        expect((answer.json as ErrorAnswer).error.code, label).toBe(variant.expect.code);
      }
    }
  });

  it('answers the issue’s two examples exactly', async () => {
    const badUrl = await send('GET', { url: '/api/v1/certificates/%ff' });
    expect(badUrl.status).toBe(400);
    expect(badUrl.json).toEqual({ error: { code: 'VALIDATION_FAILED', message: expect.stringContaining('percent-encoded') } });
    const nul = await send('GET', { url: '/api/v1/certificates/%00' });
    expect(nul.status).toBe(404);
    expect((nul.json as ErrorAnswer).error.code).toBe('NOT_FOUND');
    const truncated = await send('POST', { url: '/api/v1/certificates', headers: multipartHeaders, payload: truncatedMultipart() });
    expect(truncated.status).toBe(400);
    expect((truncated.json as ErrorAnswer).error.code).toBe('VALIDATION_FAILED');
    const huge = await send('POST', { url: '/api/v1/certificates', headers: multipartHeaders, payload: hugeMultipart() });
    expect(huge.status).toBe(413);
    expect((huge.json as ErrorAnswer).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('stores NUL and lone surrogates of events, policies and settings as U+FFFD', async () => {
    const event = '{"events": [{"id": "ev\\u0000\\ud800-1", "occurredAt": "2026-11-28T04:00:00Z", "severity": "info", "type": "T\\udc00",' +
      ' "description": "d\\u0000", "device": {"name": "WKS\\u0000"}, "application": {"id": "kes", "version": "12\\ud800"},' +
      ' "data": {"k\\u0000": ["v\\ud800", {"deep\\udfff": "\\u0000"}], "pair": "\\ud83d\\ude00"}}]}';
    const accepted = await send('POST', { url: '/api/v1/events', headers: json, payload: event });
    expect(accepted.status, accepted.raw).toBe(202);
    const list = await send('GET', { url: '/api/v1/events?deviceName=WKS%00' });
    expect(list.status).toBe(200);
    const items = (list.json as { items: Array<Record<string, unknown>> }).items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      id: 'ev\uFFFD\uFFFD-1',
      type: 'T\uFFFD',
      description: 'd\uFFFD',
      device: { name: 'WKS\uFFFD' },
      application: { id: 'kes', version: '12\uFFFD' },
      data: { 'k\uFFFD': ['v\uFFFD', { 'deep\uFFFD': '\uFFFD' }], pair: '\uD83D\uDE00' },
    });

    const policy = await send('PUT', { url: '/api/v1/policies/kes', headers: json, payload: '{"name": "Endpoint\\u0000 \\ud800", "email": {"subject": "[%SEVERITY%] \\u0000"}}' });
    expect(policy.status, policy.raw).toBe(200);
    expect(policy.json).toMatchObject({ name: 'Endpoint\uFFFD \uFFFD', email: { subject: '[%SEVERITY%] \uFFFD' } });
    const again = await send('GET', { url: '/api/v1/policies/kes' });
    expect(again.json).toMatchObject({ name: 'Endpoint\uFFFD \uFFFD' });
    expect((await send('GET', { url: '/api/v1/policies/k%00es' })).status).toBe(404);
  });
});

describe.each(factories)('the store guard on $name', (factory) => {
  describe.skipIf(factory.skip !== null)(factory.skip ?? 'below the HTTP layer', () => {
    afterAll(() => factory.cleanup());

    it('stores NUL and lone surrogates that bypass the HTTP layer as U+FFFD', async () => {
      const store = await factory.open();
      const odd = { description: 'd\u0000\uD800', application: { id: 'kes', name: 'n\uDC00', version: '12\u0000' }, data: { 'k\u0000': ['\uD800'] } };
      await store.events.ingest([item('odd', { subject: 's\uD800', body: 'b\u0000' }, odd)]);
      const [event] = (await store.events.list({}, { limit: 10 })).items;
      expect(event).toMatchObject({ description: 'd\uFFFD\uFFFD', application: { name: 'n\uFFFD', version: '12\uFFFD' }, data: { 'k\uFFFD': ['\uFFFD'] } });
      await store.policies.put({ applicationId: 'app\u0000', name: 'p\uD800', email: { subject: '\u0000' }, rules: {}, createdAt: new Date(), updatedAt: new Date() });
      expect((await store.policies.list()).map((p) => [p.applicationId, p.name])).toEqual([['app\uFFFD', 'p\uFFFD']]);
    });
  });
});
