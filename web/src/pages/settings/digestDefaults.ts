/**
 * The digest templates the console offers with one click: the server's English defaults and
 * the same in German, in Kaspersky Security Center's German wording ("Ereignis", "Gerät",
 * "Beschreibung", "Anwendung").
 */

/** A digest subject and body. */
export interface DigestTemplates {
  digestSubject: string;
  digestBody: string;
}

/** The server's defaults (src/domain/email-settings.ts). */
export const ENGLISH_DIGEST: DigestTemplates = {
  digestSubject: '[%SEVERITY%] %EVENT_COUNT% × %EVENT% on %DEVICE_COUNT% devices',
  digestBody: [
    '%EVENT_COUNT% × %EVENT% on %DEVICE_COUNT% devices',
    'between %FIRST_TIME% and %LAST_TIME%.',
    '',
    'Newest events:',
    '%EVENT_LIST%',
    '',
    'Latest event:',
    'Device:        %COMPUTER%',
    'Description:   %DESCR%',
    'Application:   %KL_PRODUCT% %KL_VERSION%',
    '',
    '--',
    'Sent by Herald. Further events of this kind are collected into one message at most every few minutes.',
  ].join('\n'),
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
