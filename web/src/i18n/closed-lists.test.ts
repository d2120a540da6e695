/**
 * The console keys its texts by the server's closed lists (reasons, TLS modes and versions):
 * every member has a sentence in every language, and the OpenAPI document publishes exactly
 * the same lists.
 */
import { describe, expect, it } from 'vitest';
import { TLS_MIN_VERSIONS, TLS_MODES } from '../../../src/domain/email-settings';
import { REASONS } from '../../../src/domain/reason';
import { REQUEST_ERROR_CODES } from '../../../src/domain/error-codes';
import { TEMPLATE_VARIABLES } from '../../../src/domain/template-variables';
import { variableDescription } from './variables';
import { openApiComponentSchemas, tlsSchema } from '../../../src/http/schemas';
import { de } from './de';
import { en } from './en';
import { errorSentence } from './errors';
import { LANGUAGES } from './language';
import { TLS_MIN_VERSION_LABELS, TLS_MODE_LABELS } from './tls';

describe('closed lists, defined once', () => {
  it.each(LANGUAGES)('every reason has its own sentence in %s', (language) => {
    const sentences = REASONS.map((reason) => errorSentence(language, reason));
    expect(sentences.every((sentence) => typeof sentence === 'string' && sentence.length > 0)).toBe(true);
    expect(new Set(sentences).size).toBe(REASONS.length);
  });

  it.each(LANGUAGES)('every request error code has a sentence in %s', (language) => {
    for (const code of REQUEST_ERROR_CODES) expect(errorSentence(language, code), code).toMatch(/\S/);
  });

  it('describes every template variable in German, not in the server\'s English', () => {
    for (const { name, description } of TEMPLATE_VARIABLES) {
      expect(variableDescription('de', name, description), name).not.toBe(description);
      expect(variableDescription('de', `%${name}%`, description), name).toBe(variableDescription('de', name, description));
      expect(variableDescription('en', name, description), name).toBe(description);
    }
  });

  it('has a label in every language for every TLS mode and version', () => {
    const dictionaries = [en, de];
    for (const key of [...TLS_MODES.map((mode) => TLS_MODE_LABELS[mode]), ...TLS_MIN_VERSIONS.map((version) => TLS_MIN_VERSION_LABELS[version])]) {
      for (const dictionary of dictionaries) expect(dictionary[key], key).toMatch(/\S/);
    }
  });

  it('publishes the same lists in the OpenAPI schemas', () => {
    expect(openApiComponentSchemas.Reason.enum).toEqual([...REASONS]);
    expect(openApiComponentSchemas.DeliveryError.properties.code.enum).toEqual([...REASONS]);
    expect(tlsSchema.properties.mode.enum).toEqual([...TLS_MODES]);
    expect(openApiComponentSchemas.ErrorBody.properties.error.properties.code.enum).toEqual([...REQUEST_ERROR_CODES, ...REASONS]);
    expect(tlsSchema.properties.minVersion.enum).toEqual([...TLS_MIN_VERSIONS]);
  });

  it('includes the reasons API.md revision 2 added', () => {
    expect(REASONS).toEqual(expect.arrayContaining(['AUTH_REQUIRES_TLS', 'TOKEN_FAILED', 'THROTTLED']));
  });
});
