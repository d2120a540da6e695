import { describe, expect, it } from 'vitest';
import type { HeraldEvent } from '../domain/event.js';
import { eventTemplateValues, formatRiseTime, isTemplateVariable, sampleEvent, TEMPLATE_VARIABLES } from './variables.js';

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
});
