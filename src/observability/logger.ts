/**
 * The process logger (pino). Secrets must never reach a log line: known secret-bearing paths
 * are redacted here as a second line of defence; the first is never logging them.
 */
import { pino, type Logger } from 'pino';
import type { LogLevel } from '../config/config.js';

/** Paths pino censors wherever they appear in a logged object. */
export const REDACTED_PATHS = [
  'password',
  '*.password',
  '*.*.password',
  'auth.password',
  'privateKey',
  '*.privateKey',
  'container',
  '*.container',
  'token',
  '*.token',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  'res.headers["set-cookie"]',
];

/** Builds the logger; `destination` lets tests capture every line. */
export function createLogger(level: LogLevel, destination?: NodeJS.WritableStream): Logger {
  const options = { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: { service: 'herald' } };
  return destination ? pino(options, destination) : pino(options);
}

export type { Logger };
