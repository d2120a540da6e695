import { describe, expect, it } from 'vitest';
import type { HeraldEvent } from '../domain/event.js';
import { digestTemplateValues, eventTemplateValues, formatRiseTime, isTemplateVariable, sampleEvent } from './variables.js';
import { TEMPLATE_VARIABLES } from '../domain/template-variables.js';

function bareEvent(): HeraldEvent {
  return {
    id: 'e-1',
    occurredAt: new Date('2026-01-02T03:04:05.678Z'),
    receivedAt: new Date('2026-01-02T03:04:06Z'),
    severity: 'warning',
    type: 'KLPRCI_TaskState',
    typeName: null,
    description: null,
    device: { id: null, name: null, domain: null, ip: null },
    application: { id: null, name: null, version: null },
    task: null,
    data: null,
    sourceIp: null,
  };
}

describe('TEMPLATE_VARIABLES', () => {
  it('lists exactly the API.md variables, each with a one-line description', () => {
    expect(TEMPLATE_VARIABLES.map((v) => v.name)).toEqual([
      'SEVERITY',
      'KLCSAK_EVENT_SEVERITY_NUM',
      'COMPUTER',
      'DOMAIN',
      'EVENT',
      'EVENT_TYPE',
      'DESCR',
      'RISE_TIME',
      'KLCSAK_EVENT_TASK_DISPLAY_NAME',
      'KL_PRODUCT',
      'KL_VERSION',
      'HOST_IP',
      'HOST_CONN_IP',
      'EVENT_ID',
      'EVENT_COUNT',
      'DEVICE_COUNT',
      'FIRST_TIME',
      'LAST_TIME',
      'EVENT_LIST',
    ]);
    for (const v of TEMPLATE_VARIABLES) {
      expect(v.description).toMatch(/^[A-Z].+\.$/);
      expect(v.description).not.toMatch(/\n/);
    }
  });

  it('recognises names case-sensitively', () => {
    expect(isTemplateVariable('SEVERITY')).toBe(true);
    expect(isTemplateVariable('severity')).toBe(false);
    expect(isTemplateVariable('HOSTNAME')).toBe(false);
  });
});

describe('eventTemplateValues', () => {
  it('gives every variable of the sample event', () => {
    expect(eventTemplateValues(sampleEvent())).toEqual({
      SEVERITY: 'Critical',
      KLCSAK_EVENT_SEVERITY_NUM: '4',
      COMPUTER: 'WKS-042',
      DOMAIN: 'CORP',
      EVENT: 'Malicious object detected',
      EVENT_TYPE: 'GNRL_EV_VIRUS_FOUND',
      DESCR: 'Trojan.Win32.Agent.xyz detected in C:\\Users\\jdoe\\Downloads\\invoice_2026-11.pdf.exe\nResult: Deleted',
      RISE_TIME: '2026-11-28T04:00:00Z',
      KLCSAK_EVENT_TASK_DISPLAY_NAME: 'Virus scan',
      KL_PRODUCT: 'Kaspersky Endpoint Security for Windows',
      KL_VERSION: '12.1.0.506',
      HOST_IP: '10.1.2.3',
      HOST_CONN_IP: '10.1.0.15',
      EVENT_ID: '7d0c2f4e-5b1a-4c39-9d2e-3f6a8b1c0e57',
      EVENT_COUNT: '1',
      DEVICE_COUNT: '1',
      FIRST_TIME: '2026-11-28T04:00:00Z',
      LAST_TIME: '2026-11-28T04:00:00Z',
      EVENT_LIST: '2026-11-28T04:00:00Z  WKS-042  Malicious object detected: Trojan.Win32.Agent.xyz detected in C:\\Users\\jdoe\\Downloads\\invoice_2026-11.pdf.exe',
    });
  });

  it('gives empty strings for missing values, the type for a missing name and the app id for a missing product name', () => {
    const event = bareEvent();
    event.application.id = 'kes';
    expect(eventTemplateValues(event)).toEqual({
      SEVERITY: 'Warning',
      KLCSAK_EVENT_SEVERITY_NUM: '2',
      COMPUTER: '',
      DOMAIN: '',
      EVENT: 'KLPRCI_TaskState',
      EVENT_TYPE: 'KLPRCI_TaskState',
      DESCR: '',
      RISE_TIME: '2026-01-02T03:04:05Z',
      KLCSAK_EVENT_TASK_DISPLAY_NAME: '',
      KL_PRODUCT: 'kes',
      KL_VERSION: '',
      HOST_IP: '',
      HOST_CONN_IP: '',
      EVENT_ID: 'e-1',
      EVENT_COUNT: '1',
      DEVICE_COUNT: '1',
      FIRST_TIME: '2026-01-02T03:04:05Z',
      LAST_TIME: '2026-01-02T03:04:05Z',
      EVENT_LIST: '2026-01-02T03:04:05Z  ?  KLPRCI_TaskState',
    });
    expect(eventTemplateValues(bareEvent()).KL_PRODUCT).toBe('');
  });

  it.each([
    ['critical', 'Critical', '4'],
    ['error', 'Functional failure', '3'],
    ['warning', 'Warning', '2'],
    ['info', 'Info', '1'],
  ] as const)('severity %s → %s / %s', (severity, name, num) => {
    const values = eventTemplateValues({ ...bareEvent(), severity });
    expect(values.SEVERITY).toBe(name);
    expect(values.KLCSAK_EVENT_SEVERITY_NUM).toBe(num);
  });

  it('formats times in UTC whatever the offset they were given with, and invalid dates as empty', () => {
    expect(formatRiseTime(new Date('2026-11-28T06:00:00+02:00'))).toBe('2026-11-28T04:00:00Z');
    expect(formatRiseTime(new Date('nope'))).toBe('');
  });

  it('drops the milliseconds (rounding down, before 1970 too) and keeps extended years', () => {
    expect(formatRiseTime(new Date('2026-11-28T04:00:00.999Z'))).toBe('2026-11-28T04:00:00Z');
    expect(formatRiseTime(new Date(-500))).toBe('1969-12-31T23:59:59Z');
    expect(formatRiseTime(new Date('+012026-01-01T00:00:00.250Z'))).toBe('+012026-01-01T00:00:00Z');
  });
});

describe('digestTemplateValues', () => {
  const event = (id: string, device: string, minute: number) => ({
    ...sampleEvent(),
    id,
    device: { ...sampleEvent().device, name: device, id: device },
    occurredAt: new Date(Date.UTC(2026, 10, 28, 4, minute)),
    description: `Threat ${id}\nsecond line`,
  });

  it('counts, spans and lists the newest events, then "… and N more"; single variables take the latest event', () => {
    const values = digestTemplateValues({
      newest: [event('e3', 'WKS-3', 9), event('e2', 'WKS-2', 5), event('e1', 'WKS-1', 1)],
      eventCount: 7,
      deviceCount: 4,
      firstOccurredAt: new Date(Date.UTC(2026, 10, 28, 4, 0)),
      lastOccurredAt: new Date(Date.UTC(2026, 10, 28, 4, 9)),
      maxListed: 2,
    });
    expect(values.EVENT_COUNT).toBe('7');
    expect(values.DEVICE_COUNT).toBe('4');
    expect(values.FIRST_TIME).toBe('2026-11-28T04:00:00Z');
    expect(values.LAST_TIME).toBe('2026-11-28T04:09:00Z');
    expect(values.EVENT_LIST).toBe(
      ['2026-11-28T04:09:00Z  WKS-3  Malicious object detected: Threat e3', '2026-11-28T04:05:00Z  WKS-2  Malicious object detected: Threat e2', '… and 5 more'].join('\n'),
    );
    expect(values.COMPUTER).toBe('WKS-3');
    expect(values.EVENT_ID).toBe('e3');
  });

  it('lists nothing but the count with maxListed 0', () => {
    const values = digestTemplateValues({
      newest: [event('e1', 'WKS-1', 1)],
      eventCount: 3,
      deviceCount: 1,
      firstOccurredAt: new Date(0),
      lastOccurredAt: new Date(0),
      maxListed: 0,
    });
    expect(values.EVENT_LIST).toBe('… and 3 more');
  });
});
