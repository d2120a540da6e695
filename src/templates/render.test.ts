import { describe, expect, it } from 'vitest';
import { findUnknownVariables, MAX_RENDERED_BODY_LENGTH, MAX_RENDERED_HEADER_LENGTH, renderTemplate, sanitizeHeader, TemplateError, TRUNCATION_MARK } from './render.js';
import { eventTemplateValues, sampleEvent, type TemplateValues } from './variables.js';
import { TEMPLATE_VARIABLES } from '../domain/template-variables.js';

const values: TemplateValues = eventTemplateValues(sampleEvent());

function withValue(name: keyof TemplateValues, value: string): TemplateValues {
  return { ...values, [name]: value };
}

describe('renderTemplate', () => {
  it.each(TEMPLATE_VARIABLES.map((v) => [v.name] as const))('replaces %%%s%%', (name) => {
    const marker = `<<${name}-value>>`;
    expect(renderTemplate(`a %${name}% b`, withValue(name, marker), 'header')).toBe(`a ${marker} b`);
    expect(renderTemplate(`a %${name}% b`, withValue(name, marker), 'body')).toBe(`a ${marker} b`);
  });

  it('renders the default subject', () => {
    expect(renderTemplate('[%SEVERITY%] %EVENT% on %COMPUTER%', values, 'header')).toBe(
      '[Critical] Malicious object detected on WKS-042',
    );
  });

  it.each([
    ['%%', '%'],
    ['100%%', '100%'],
    ['%%SEVERITY%%', '%SEVERITY%'],
    ['%%%SEVERITY%', '%Critical'],
    ['%SEVERITY%%%', 'Critical%'],
    ['100%', '100%'],
    ['50% off', '50% off'],
    ['%50', '%50'],
    ['disk at 95% of 100%', 'disk at 95% of 100%'],
    ['a lone % at the end %', 'a lone % at the end %'],
    ['%', '%'],
    ['% SEVERITY %', '% SEVERITY %'],
    ['%20%', '%20%'],
    ['%SEVERITY', '%SEVERITY'],
    ['%SEVERITY%%EVENT_TYPE%', 'CriticalGNRL_EV_VIRUS_FOUND'],
    ['', ''],
  ])('percent handling: %j → %j', (template, expected) => {
    expect(renderTemplate(template, values, 'header')).toBe(expected);
  });

  it('throws TemplateError for an unknown variable', () => {
    let caught: unknown;
    try {
      renderTemplate('Host %HOSTNAME% / %severity%', values, 'body');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TemplateError);
    const error = caught as TemplateError;
    expect(error.unknownVariables).toEqual(['HOSTNAME', 'severity']);
    expect(error.code).toBe('TEMPLATE_ERROR');
    expect(error.message).toMatch(/%HOSTNAME%, %severity%/);
    expect(error.message).toMatch(/%%/);
  });

  it('renders empty values as nothing', () => {
    expect(renderTemplate('[%DOMAIN%]', withValue('DOMAIN', ''), 'header')).toBe('[]');
  });

  it('keeps unicode intact', () => {
    const v = withValue('COMPUTER', 'Rechner-Jürgen 😀 日本');
    expect(renderTemplate('on %COMPUTER% — ü', v, 'header')).toBe('on Rechner-Jürgen 😀 日本 — ü');
    expect(renderTemplate('on %COMPUTER%', v, 'body')).toBe('on Rechner-Jürgen 😀 日本');
  });

  it('does not expand variables inside values', () => {
    expect(renderTemplate('%DESCR%', withValue('DESCR', '%SEVERITY% %%'), 'body')).toBe('%SEVERITY% %%');
  });
});

describe('header mode cannot create header lines', () => {
  it.each([
    ['x\r\nBcc: evil@x', 'x Bcc: evil@x'],
    ['x\nBcc: evil@x', 'x Bcc: evil@x'],
    ['x\rBcc: evil@x', 'x Bcc: evil@x'],
    ['x\r\n\r\nbody', 'x body'],
    ['tab\there', 'tab here'],
    ['nul\u0000x', 'nul x'],
    ['nel\u0085x', 'nel x'],
    ['ls\u2028x', 'ls x'],
    ['esc\u001b[31m', 'esc [31m'],
    ['del\u007fx', 'del x'],
  ])('value %j', (value, expected) => {
    const out = renderTemplate('Subject %DESCR%', withValue('DESCR', value), 'header');
    expect(out).toBe(`Subject ${expected}`);
    expect(out).not.toMatch(/[\r\n]/);
  });

  it('also cleans line breaks written into the template itself', () => {
    expect(renderTemplate('a\r\nBcc: x %EVENT_ID%', values, 'header')).not.toMatch(/[\r\n]/);
  });

  it('sanitizeHeader collapses a run of controls to one space', () => {
    expect(sanitizeHeader('a\r\n\t\r\nb')).toBe('a b');
  });
});

describe('body mode', () => {
  it('normalises CRLF and CR to LF, keeps tabs, removes other controls', () => {
    const out = renderTemplate('A\r\nB\rC\n%DESCR%', withValue('DESCR', 'x\r\ny\tz\u0000\u0007\u001b\u0085!'), 'body');
    expect(out).toBe('A\nB\nC\nx\ny\tz!');
  });

  it('keeps header-like text in the body harmless (it is after the blank line)', () => {
    expect(renderTemplate('%DESCR%', withValue('DESCR', 'x\r\nBcc: evil@x'), 'body')).toBe('x\nBcc: evil@x');
  });
});

describe('rendered length (issue 13 item 9)', () => {
  it('cuts a body of many long variables at the limit instead of rendering hundreds of megabytes', () => {
    const template = '%DESCR%'.repeat(8_000); // 56 KiB: within the template limit
    const out = renderTemplate(template, withValue('DESCR', 'd'.repeat(65_536)), 'body');
    expect(out.length).toBeLessThanOrEqual(MAX_RENDERED_BODY_LENGTH);
    expect(out.endsWith(TRUNCATION_MARK)).toBe(true);
  });

  it('cuts a long subject, never inside a surrogate pair, and leaves ordinary ones alone', () => {
    const out = renderTemplate('%EVENT%', withValue('EVENT', '\u{1F600}'.repeat(5_000)), 'header');
    expect(out.length).toBeLessThanOrEqual(MAX_RENDERED_HEADER_LENGTH);
    expect(out.endsWith(TRUNCATION_MARK)).toBe(true);
    expect(out.isWellFormed()).toBe(true);
    expect(renderTemplate('[%SEVERITY%] %EVENT%', values, 'header')).toBe('[Critical] Malicious object detected');
  });
});

describe('findUnknownVariables', () => {
  it.each([
    ['[%SEVERITY%] %EVENT% on %COMPUTER%', []],
    ['100% sure %%', []],
    ['%FOO% and %BAR% and %FOO%', ['FOO', 'BAR']],
    ['%severity%', ['severity']],
    ['https://x.example/?q=%C3%A9', ['C3']],
    ['https://x.example/?q=%%C3%%A9', []],
    ['%_X%', ['_X']],
    ['%1ABC%', []],
  ])('%j → %j', (template, expected) => {
    expect(findUnknownVariables(template)).toEqual(expected);
  });
});
