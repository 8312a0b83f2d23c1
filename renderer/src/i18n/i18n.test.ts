import { describe, expect, it } from 'vitest';
import {
  CAPABILITY_NAMES,
  ERRORS,
  HINT_CODES,
  PROTOCOLS,
  type FlowState,
  type PasswordProblem,
} from '../contract';
import { RECOVERY_METHODS } from '../flows/capabilities';
import { passwordMeter } from '../flows/password-meter';
import { AUDIT_PARTS } from '../flows/recovery-audit';
import { ACCOUNT_STATES, FLAG_FILTERS } from '../stores/device-facets';
import { createAppI18n, pickLocale, ruPlural } from './index';
import { en } from './en';
import { ru } from './ru';

function keys(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'string' ? [`${prefix}${k}`] : keys(v as object, `${prefix}${k}.`),
  );
}

function leaves(tree: object): [string, string][] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'string' ? [[k, v] as [string, string]] : leaves(v as object),
  );
}

describe('messages', () => {
  it('en and ru have exactly the same keys', () => {
    expect(keys(ru).sort()).toEqual(keys(en).sort());
  });

  it('has no empty message in either language', () => {
    for (const [key, text] of [...leaves(en), ...leaves(ru)]) {
      expect(text.trim(), key).not.toBe('');
    }
  });

  it('uses the same placeholders in both languages', () => {
    const placeholders = (s: string) =>
      [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
    const ruByKey = new Map(keys(ru).map((k) => [k, k]));
    for (const key of keys(en)) {
      expect(ruByKey.has(key)).toBe(true);
      const get = (tree: object) =>
        key
          .split('.')
          .reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], tree);
      expect(placeholders(get(ru) as string), key).toEqual(placeholders(get(en) as string));
    }
  });

  it('Russian uses typographic quotes, not straight ones', () => {
    for (const [key, text] of leaves(ru)) expect(text, key).not.toMatch(/["“”]/);
  });
});

describe('coverage of the contract', () => {
  it('every doctor hint code, protocol, account state and flag filter has its text', () => {
    for (const messages of [en, ru]) {
      for (const code of HINT_CODES) {
        const hint = messages.doctor.hint[code];
        expect(hint.title && hint.about && hint.body, code).toBeTruthy();
        expect(hint.about, code).toContain('{subject}');
      }
      for (const p of PROTOCOLS) expect(messages.protocol[p], p).toBeTruthy();
      for (const a of ACCOUNT_STATES) expect(messages.account[a], a).toBeTruthy();
      for (const f of FLAG_FILTERS) expect(messages.filter.flagOption[f], f).toBeTruthy();
    }
  });

  it('every flow state, recovery method, password rule and meter level has its text', () => {
    const states: FlowState[] = ['running', 'needsInput', 'succeeded', 'failed', 'cancelled'];
    const problems: PasswordProblem[] = [
      'TOO_SHORT',
      'TOO_LONG',
      'TOO_FEW_CLASSES',
      'FORBIDDEN_CHAR',
      'CONTAINS_USER',
      'NOT_PRINTABLE',
    ];
    const rules = passwordMeter('x', '').rules.map((r) => r.key);
    for (const messages of [en, ru]) {
      for (const s of states) expect(messages.flow.state[s], s).toBeTruthy();
      for (const m of RECOVERY_METHODS) {
        expect(messages.recover.method[m] && messages.recover.methodAbout[m], m).toBeTruthy();
      }
      for (const k of rules) expect(messages.password.rule[k as 'length'], k).toBeTruthy();
      for (const level of Object.keys(en.password.level)) {
        expect(messages.password.level[level as 'weak'], level).toBeTruthy();
      }
      for (const part of AUDIT_PARTS) expect(messages.recoverable[part], part).toBeTruthy();
    }
    expect(problems).toHaveLength(6);
    // Capabilities and error codes are named by the shared contract in both languages.
    expect(CAPABILITY_NAMES.length).toBeGreaterThan(0);
    for (const code of [
      'LAST_ATTEMPT_NEEDS_CONFIRMATION',
      'DEVICE_LOCKED',
      'CODE_EXPIRED',
      'REBOOT_DETECTED',
    ] as const) {
      expect(ERRORS[code].en && ERRORS[code].ru, code).toBeTruthy();
    }
  });

  it('counts attempts and devices in Russian plural forms', () => {
    const ru1 = createAppI18n('ru').global;
    expect(ru1.t('flow.attemptsLeft', { n: 1 }, 1)).toBe('осталась 1 попытка');
    expect(ru1.t('flow.attemptsLeft', { n: 3 }, 3)).toBe('осталось 3 попытки');
    expect(ru1.t('flow.attemptsLeft', { n: 5 }, 5)).toBe('осталось 5 попыток');
    expect(ru1.t('activate.submit', { n: 2 }, 2)).toBe('Активировать 2 устройства');
    const en1 = createAppI18n('en').global;
    expect(en1.t('flow.attemptsLeft', { n: 1 }, 1)).toBe('1 attempt left');
    expect(en1.t('selection.activateSelected', { n: 0 }, 0)).toBe('Activate selected');
  });

  it('counts filtered rows as "N of M" in both languages', () => {
    const en1 = createAppI18n('en').global;
    expect(en1.t('devices.countFiltered', { shown: 3, total: 5000 }, 5000)).toBe(
      '3 of 5000 devices',
    );
    const ru1 = createAppI18n('ru').global;
    expect(ru1.t('devices.countFiltered', { shown: 3, total: 21 }, 21)).toBe('3 из 21 устройства');
    expect(ru1.t('devices.countFiltered', { shown: 3, total: 25 }, 25)).toBe('3 из 25 устройств');
    expect(ru1.t('export.done', { n: 2, file: 'a.csv' }, 2)).toBe('2 устройства сохранены в a.csv');
  });
});

describe('locale choice', () => {
  it('prefers the saved choice, then the browser languages, then English', () => {
    expect(pickLocale('ru', ['en-US'])).toBe('ru');
    expect(pickLocale(null, ['ru-RU', 'en'])).toBe('ru');
    expect(pickLocale('fr', ['de-DE', 'en-GB'])).toBe('en');
    expect(pickLocale(null, [])).toBe('en');
  });
});

describe('Russian plurals', () => {
  it('picks zero, one, few and many', () => {
    const i18n = createAppI18n('ru');
    const t = (n: number) => i18n.global.t('devices.count', n);
    expect(t(0)).toBe('нет устройств');
    expect(t(1)).toBe('1 устройство');
    expect(t(3)).toBe('3 устройства');
    expect(t(5)).toBe('5 устройств');
    expect(t(11)).toBe('11 устройств');
    expect(t(21)).toBe('21 устройство');
    expect(t(24)).toBe('24 устройства');
    expect(t(112)).toBe('112 устройств');
    expect(ruPlural(2, 3)).toBe(1);
  });

  it('English counts read naturally', () => {
    const i18n = createAppI18n('en');
    expect(i18n.global.t('devices.count', 0)).toBe('no devices');
    expect(i18n.global.t('devices.count', 1)).toBe('1 device');
    expect(i18n.global.t('devices.count', 7)).toBe('7 devices');
  });
});
