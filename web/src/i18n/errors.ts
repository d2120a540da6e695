/**
 * Sentences per API error code (the server's messages are English and never shown). Delivery
 * reasons and request errors are keyed by the server's own closed lists
 * (src/domain/reason.ts, src/domain/error-codes.ts): a code added to either without a
 * sentence in every language does not compile.
 */
import { isReason, type Reason } from '../api/types';
import { isRequestErrorCode, type RequestErrorCode } from '../../../src/domain/error-codes';
import type { Language } from './language';

/** Codes the console itself produces (no server answer to read). */
type ConsoleErrorCode = 'NETWORK_ERROR';

/** Every sentence of one language. */
interface ErrorTables {
  reasons: Readonly<Record<Reason, string>>;
  requests: Readonly<Record<RequestErrorCode | ConsoleErrorCode, string>>;
  /** A code outside both lists (a proxy's HTTP_502, a newer server): `{code}` is filled in. */
  unknown: string;
}

/** English. */
const en: ErrorTables = {
  reasons: {
    DNS_FAILED: 'The server name could not be resolved (DNS).',
    CONNECTION_FAILED: 'The connection to the server was refused or could not be established.',
    CONNECTION_TIMEOUT: 'The server did not answer in time.',
    STARTTLS_NOT_OFFERED: 'The server does not offer STARTTLS, but TLS is required.',
    TLS_HANDSHAKE_FAILED: 'The TLS handshake with the server failed.',
    TLS_VERSION_REJECTED: 'The server does not support the required TLS version.',
    CERT_UNTRUSTED: 'The server certificate is not trusted.',
    CERT_HOSTNAME_MISMATCH: 'The server certificate was issued for another host name.',
    CERT_EXPIRED: 'The server certificate has expired.',
    AUTH_NOT_OFFERED: 'The server does not offer authentication.',
    AUTH_FAILED: 'The server rejected the user name or password (or the OAuth access token).',
    AUTH_REQUIRES_TLS: 'The credentials were not sent because the connection is not encrypted.',
    TOKEN_FAILED: 'The OAuth 2.0 access token could not be obtained.',
    THROTTLED: 'The sending limit is reached; the message waits for its turn.',
    SENDER_REJECTED: 'The server rejected the sender address.',
    RECIPIENT_REJECTED: 'The server rejected the recipients.',
    MESSAGE_REJECTED: 'The server rejected the message.',
    PROTOCOL_ERROR: 'The server answered in a way that does not follow SMTP.',
    NOT_CONFIGURED: 'Enter at least one recipient and one SMTP server.',
    CERTIFICATE_UNAVAILABLE: 'The client certificate cannot be loaded.',
    TEMPLATE_ERROR: 'The message template cannot be rendered.',
    MAX_AGE_EXCEEDED: 'The notification could not be delivered in time and was given up.',
  },
  requests: {
    INVALID_CREDENTIALS: 'The user name or password is wrong.',
    RATE_LIMITED: 'Too many attempts. Wait a minute and try again.',
    UNAUTHORIZED: 'Your session has ended. Please sign in again.',
    FORBIDDEN: 'You are not allowed to do this.',
    NOT_FOUND: 'It does not exist (any more).',
    CONFLICT: 'This is not possible in the current state.',
    PAYLOAD_TOO_LARGE: 'The file or request is too large.',
    NETWORK_ERROR: 'The Herald server cannot be reached.',
    VALIDATION_FAILED: 'This value is not valid.',
    INVALID_RECIPIENT: 'This is not a valid e-mail address.',
    INVALID_SERVER: 'This is not a valid server name or address.',
    UNKNOWN_CERTIFICATE: 'This certificate does not exist (any more). Choose it again.',
    UNKNOWN_TEMPLATE_VARIABLE: 'The template uses a variable that does not exist.',
    CERT_UNREADABLE: 'The certificate file cannot be read. Use PEM, DER, PKCS#7 or PKCS#12.',
    KEY_UNREADABLE: 'The private key file cannot be read.',
    WRONG_PASSWORD: 'The password is wrong.',
    PASSWORD_REQUIRED: 'Enter the password (or client secret, or key) again: a stored secret is only sent to the servers it was saved for.',
    KEY_MISMATCH: 'The private key does not belong to the certificate.',
    NO_PRIVATE_KEY: 'The file contains no private key.',
    NO_CERTIFICATE: 'The file contains no certificate.',
    INVALID_JSON: 'The request could not be read. Reload the page and try again.',
    UNSUPPORTED_MEDIA_TYPE: 'The request could not be read. Reload the page and try again.',
    BAD_REQUEST: 'The request could not be processed. Reload the page and try again.',
    INTERNAL_ERROR: 'Something went wrong on the server; the error was logged. Try again later.',
  },
  unknown: 'The server answered with an error ({code}).',
};

/** German, in the wording of Kaspersky Security Center where it has one. */
const de: ErrorTables = {
  reasons: {
    DNS_FAILED: 'Der Servername konnte nicht aufgelöst werden (DNS).',
    CONNECTION_FAILED: 'Die Verbindung zum Server wurde abgelehnt oder konnte nicht hergestellt werden.',
    CONNECTION_TIMEOUT: 'Der Server hat nicht rechtzeitig geantwortet.',
    STARTTLS_NOT_OFFERED: 'Der Server bietet kein STARTTLS an, TLS ist aber erforderlich.',
    TLS_HANDSHAKE_FAILED: 'Der TLS-Handshake mit dem Server ist fehlgeschlagen.',
    TLS_VERSION_REJECTED: 'Der Server unterstützt die erforderliche TLS-Version nicht.',
    CERT_UNTRUSTED: 'Dem Serverzertifikat wird nicht vertraut.',
    CERT_HOSTNAME_MISMATCH: 'Das Serverzertifikat wurde für einen anderen Hostnamen ausgestellt.',
    CERT_EXPIRED: 'Das Serverzertifikat ist abgelaufen.',
    AUTH_NOT_OFFERED: 'Der Server bietet keine Authentifizierung an.',
    AUTH_FAILED: 'Der Server hat Benutzername oder Kennwort (oder das OAuth-Zugriffstoken) abgelehnt.',
    AUTH_REQUIRES_TLS: 'Die Anmeldedaten wurden nicht gesendet, weil die Verbindung nicht verschlüsselt ist.',
    TOKEN_FAILED: 'Das OAuth-2.0-Zugriffstoken konnte nicht abgerufen werden.',
    THROTTLED: 'Das Sendelimit ist erreicht; die Nachricht wartet, bis sie an der Reihe ist.',
    SENDER_REJECTED: 'Der Server hat die Absenderadresse abgelehnt.',
    RECIPIENT_REJECTED: 'Der Server hat die Empfänger abgelehnt.',
    MESSAGE_REJECTED: 'Der Server hat die Nachricht abgelehnt.',
    PROTOCOL_ERROR: 'Die Antwort des Servers entspricht nicht dem SMTP-Protokoll.',
    NOT_CONFIGURED: 'Geben Sie mindestens einen Empfänger und einen SMTP-Server an.',
    CERTIFICATE_UNAVAILABLE: 'Das Client-Zertifikat kann nicht geladen werden.',
    TEMPLATE_ERROR: 'Die Nachrichtenvorlage kann nicht erstellt werden.',
    MAX_AGE_EXCEEDED: 'Die Benachrichtigung konnte nicht rechtzeitig zugestellt werden und wurde aufgegeben.',
  },
  requests: {
    INVALID_CREDENTIALS: 'Benutzername oder Kennwort ist falsch.',
    RATE_LIMITED: 'Zu viele Versuche. Warten Sie eine Minute und versuchen Sie es erneut.',
    UNAUTHORIZED: 'Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.',
    FORBIDDEN: 'Dazu sind Sie nicht berechtigt.',
    NOT_FOUND: 'Der Eintrag existiert nicht (mehr).',
    CONFLICT: 'Das ist im aktuellen Zustand nicht möglich.',
    PAYLOAD_TOO_LARGE: 'Die Datei oder Anfrage ist zu groß.',
    NETWORK_ERROR: 'Der Herald-Server ist nicht erreichbar.',
    VALIDATION_FAILED: 'Dieser Wert ist ungültig.',
    INVALID_RECIPIENT: 'Das ist keine gültige E-Mail-Adresse.',
    INVALID_SERVER: 'Das ist kein gültiger Servername und keine gültige Adresse.',
    UNKNOWN_CERTIFICATE: 'Dieses Zertifikat existiert nicht (mehr). Wählen Sie es erneut aus.',
    UNKNOWN_TEMPLATE_VARIABLE: 'Die Vorlage verwendet eine unbekannte Variable.',
    CERT_UNREADABLE: 'Die Zertifikatsdatei kann nicht gelesen werden. Verwenden Sie PEM, DER, PKCS#7 oder PKCS#12.',
    KEY_UNREADABLE: 'Die Datei des privaten Schlüssels kann nicht gelesen werden.',
    WRONG_PASSWORD: 'Das Kennwort ist falsch.',
    PASSWORD_REQUIRED: 'Geben Sie das Kennwort (bzw. den Clientschlüssel oder Schlüssel) erneut ein: Ein gespeichertes Geheimnis wird nur an die Server gesendet, für die es gespeichert wurde.',
    KEY_MISMATCH: 'Der private Schlüssel gehört nicht zum Zertifikat.',
    NO_PRIVATE_KEY: 'Die Datei enthält keinen privaten Schlüssel.',
    NO_CERTIFICATE: 'Die Datei enthält kein Zertifikat.',
    INVALID_JSON: 'Die Anfrage konnte nicht gelesen werden. Laden Sie die Seite neu und versuchen Sie es erneut.',
    UNSUPPORTED_MEDIA_TYPE: 'Die Anfrage konnte nicht gelesen werden. Laden Sie die Seite neu und versuchen Sie es erneut.',
    BAD_REQUEST: 'Die Anfrage konnte nicht verarbeitet werden. Laden Sie die Seite neu und versuchen Sie es erneut.',
    INTERNAL_ERROR: 'Auf dem Server ist ein Fehler aufgetreten; er wurde protokolliert. Versuchen Sie es später erneut.',
  },
  unknown: 'Der Server hat mit einem Fehler geantwortet ({code}).',
};

const tables: Record<Language, ErrorTables> = { en, de };

/** The sentence for an error code in this language, or undefined when there is none. */
export function errorSentence(language: Language, code: string): string | undefined {
  const table = tables[language];
  if (isReason(code)) return table.reasons[code];
  if (isRequestErrorCode(code) || code === 'NETWORK_ERROR') return table.requests[code];
  return undefined;
}

/** The sentence for any code: its own, or the "unknown error" sentence naming the code. */
export function anyErrorSentence(language: Language, code: string): string {
  return errorSentence(language, code) ?? tables[language].unknown.replace('{code}', code);
}
