/**
 * The digest templates the console offers with one click: the server's English defaults and
 * the same in German, in Kaspersky Security Center's German wording ("Ereignis", "Gerät",
 * "Beschreibung", "Anwendung").
 */
import { DEFAULT_DIGEST_BODY, DEFAULT_DIGEST_SUBJECT } from '../../../../src/domain/email-settings';

/** A digest subject and body. */
export interface DigestTemplates {
  digestSubject: string;
  digestBody: string;
}

/** The server's own defaults (one definition, in src/domain/email-settings.ts). */
export const ENGLISH_DIGEST: DigestTemplates = {
  digestSubject: DEFAULT_DIGEST_SUBJECT,
  digestBody: DEFAULT_DIGEST_BODY,
};

/** German, in KSC's wording. */
export const GERMAN_DIGEST: DigestTemplates = {
  digestSubject: '[%SEVERITY%] %EVENT_COUNT% × %EVENT% auf %DEVICE_COUNT% Geräten',
  digestBody: [
    '%EVENT_COUNT% × %EVENT% auf %DEVICE_COUNT% Geräten',
    'zwischen %FIRST_TIME% und %LAST_TIME%.',
    '',
    'Neueste Ereignisse:',
    '%EVENT_LIST%',
    '',
    'Letztes Ereignis:',
    'Gerät:         %COMPUTER%',
    'Beschreibung:  %DESCR%',
    'Anwendung:     %KL_PRODUCT% %KL_VERSION%',
    '',
    '--',
    'Gesendet von Herald. Weitere Ereignisse dieser Art werden höchstens alle paar Minuten in einer Nachricht zusammengefasst.',
  ].join('\n'),
};
