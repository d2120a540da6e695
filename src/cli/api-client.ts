/** A small HTTP client for CLI commands that talk to a running Herald. */
import { CliError } from './errors.js';
import type { OptionHelp } from './help.js';

/** `--url` and `--token`, taken by every command that talks to a running Herald. */
export const CONNECTION_OPTIONS = {
  url: { type: 'string' },
  token: { type: 'string' },
} as const;

/** Help for CONNECTION_OPTIONS (what `apiTarget` falls back to). */
export const CONNECTION_HELP: Readonly<Record<keyof typeof CONNECTION_OPTIONS, OptionHelp>> = {
  url: { value: 'URL', text: 'the running Herald, e.g. http://127.0.0.1:8080 (default: $HERALD_URL, else http://$HERALD_LISTEN, else http://127.0.0.1:8080)' },
  token: { value: 'TOKEN', text: 'bearer token for the API (default: $HERALD_TOKEN, else $HERALD_ADMIN_TOKEN)' },
};

/** Where the server is and how to authenticate. */
export interface ApiTarget {
  url: string;
  token: string;
}

/** Resolves --url/--token with HERALD_URL, HERALD_LISTEN, HERALD_TOKEN and HERALD_ADMIN_TOKEN as fallbacks. */
export function apiTarget(url: string | undefined, token: string | undefined, env = process.env): ApiTarget {
  const listen = env.HERALD_LISTEN ?? '127.0.0.1:8080';
  const resolvedUrl = (url ?? env.HERALD_URL ?? `http://${listen.startsWith(':') ? `127.0.0.1${listen}` : listen.replace(/^0\.0\.0\.0:/, '127.0.0.1:')}`).replace(/\/$/, '');
  const resolvedToken = token ?? env.HERALD_TOKEN ?? env.HERALD_ADMIN_TOKEN;
  if (!resolvedToken) throw new CliError('No token: pass --token, or set HERALD_TOKEN (an agent or admin token).');
  return { url: resolvedUrl, token: resolvedToken };
}

/** Sends a JSON request; returns status and parsed body, or throws a CliError when the server cannot be reached. */
export async function callApi(target: ApiTarget, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  let response: Response;
  try {
    response = await fetch(`${target.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${target.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw new CliError(`Cannot reach Herald at ${target.url} (${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}); is it running? Pass --url otherwise.`);
  }
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? null : JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed };
}

/** The contract's error message of a failed call, for printing. */
export function errorMessage(body: unknown): string {
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const error = (body as { error: { code?: string; message?: string; field?: string } }).error;
    return `${error.code ?? 'ERROR'}: ${error.message ?? ''}${error.field ? ` (field ${error.field})` : ''}`;
  }
  return typeof body === 'string' ? body : JSON.stringify(body);
}
