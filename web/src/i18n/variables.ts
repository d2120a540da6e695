/**
 * The template variables' descriptions in the console's language. The server's list
 * (src/templates/variables.ts) carries the English ones; every other language has a
 * `Record` keyed by the same closed list, so a variable added without a description in
 * every language does not compile.
 */
import type { TEMPLATE_VARIABLES } from '../../../src/domain/template-variables';
import type { Language } from './language';

/** One variable name of the server's list. */
type VariableName = (typeof TEMPLATE_VARIABLES)[number]['name'];

/** Descriptions of every variable in one language. */
type Descriptions = Readonly<Record<VariableName, string>>;

/** German, in the wording of Kaspersky Security Center where it has one. */
const de: Descriptions = {
  SEVERITY: 'Schweregrad: Kritisch, Funktionsfehler, Warnung oder Info.',
  KLCSAK_EVENT_SEVERITY_NUM: 'Schweregrad als Zahl: 1 Info, 2 Warnung, 3 Funktionsfehler, 4 Kritisch.',
  COMPUTER: 'Name des Geräts, auf dem das Ereignis eingetreten ist.',
  DOMAIN: 'Windows-Domäne oder Arbeitsgruppe des Geräts.',
  EVENT: 'Anzeigename des Ereignistyps (der Typ selbst, wenn die Anwendung keinen Namen gesendet hat).',
  EVENT_TYPE: 'Kennung des Ereignistyps, z. B. GNRL_EV_VIRUS_FOUND.',
  DESCR: 'Beschreibung des Ereignisses, wie die Anwendung sie gemeldet hat.',
  RISE_TIME: 'Wann das Ereignis auf dem Gerät eingetreten ist, ISO 8601 in UTC (2026-11-28T04:00:00Z).',
  KLCSAK_EVENT_TASK_DISPLAY_NAME: 'Name der Aufgabe, die das Ereignis ausgelöst hat.',
  KL_PRODUCT: 'Name der Anwendung, die das Ereignis gemeldet hat (ihre Kennung, wenn kein Name gesendet wurde).',
  KL_VERSION: 'Version der Anwendung, die das Ereignis gemeldet hat.',
  HOST_IP: 'IP-Adresse des Geräts, wie der Agent sie gemeldet hat.',
  HOST_CONN_IP: 'IP-Adresse, von der das Ereignis empfangen wurde.',
  EVENT_ID: 'Eindeutige Kennung des Ereignisses.',
  EVENT_COUNT: 'Wie viele Ereignisse die Nachricht umfasst (eine Zusammenfassung: alle Ereignisse der Gruppe seit ihrer letzten Nachricht; sonst 1).',
  DEVICE_COUNT: 'Auf wie vielen verschiedenen Geräten diese Ereignisse eingetreten sind.',
  FIRST_TIME: 'Wann das früheste dieser Ereignisse eingetreten ist (ISO 8601, UTC).',
  LAST_TIME: 'Wann das späteste dieser Ereignisse eingetreten ist (ISO 8601, UTC).',
  EVENT_LIST: 'Eine Zeile pro Ereignis, das neueste zuerst, höchstens „maxListed“ Zeilen, dann „… und N weitere“.',
};

/** Every language but English (the server's own); a new language without its table does not compile. */
const tables: Record<Exclude<Language, 'en'>, Descriptions> = { de };

/**
 * The description of a variable (`%SEVERITY%` as the API lists it, or `SEVERITY`) in this
 * language; English (and unknown names) keep the server's.
 */
export function variableDescription(language: Language, name: string, serverDescription: string): string {
  if (language === 'en') return serverDescription;
  const table = tables[language];
  const bare = name.replace(/^%(.*)%$/, '$1');
  return Object.hasOwn(table, bare) ? table[bare as VariableName] : serverDescription;
}
