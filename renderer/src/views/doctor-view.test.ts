/** The doctor's markup on the server renderer: hints, interfaces and kept replies, in both languages. */
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSSRApp, h } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import { renderToString } from 'vue/server-renderer';
import { HINT_CODES } from '../contract';
import { setBridge } from '../bridge';
import { createAppI18n } from '../i18n';
import { useDiagnosticsStore } from '../stores/diagnostics';
import { createFakeBridge } from '../testing/fake-bridge';
import { makeDiagnostics } from '../testing/fixtures';
import DoctorView from './DoctorView.vue';

let pinia: ReturnType<typeof createPinia>;

beforeEach(() => {
  setBridge(createFakeBridge());
  pinia = createPinia();
  setActivePinia(pinia);
});

async function render(locale: 'en' | 'ru') {
  const app = createSSRApp({ render: () => h(DoctorView) });
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/devices', name: 'devices', component: { render: () => null } },
      { path: '/doctor', name: 'doctor', component: DoctorView },
    ],
  });
  app.use(pinia).use(createAppI18n(locale)).use(router);
  return renderToString(app);
}

describe('DoctorView markup', () => {
  it('renders every hint as a sentence, each interface with its probes, and the kept bytes', async () => {
    useDiagnosticsStore().data = makeDiagnostics({
      hints: HINT_CODES.map((code) => ({
        code,
        subject: code === 'IP_CONFLICT' ? '192.168.1.108' : 'eth0',
      })),
    });
    const html = await render('en');
    for (const code of HINT_CODES) expect(html).toContain(`data-code="${code}"`);
    expect(html.match(/data-testid="doctor-hint"/g)).toHaveLength(HINT_CODES.length);
    expect(html).toContain('Interface eth0 could not be used');
    expect(html).toContain('IP address conflict at 192.168.1.108');
    expect(html).toContain('Privacy &amp; Security → Local Network');
    expect(html).toContain('data-testid="doctor-show-foreignSubnet"');
    expect(html).toContain('data-interface-name="eth0"');
    expect(html).toContain('192.168.1.10 / 255.255.255.0');
    expect(html).toContain('(/24)');
    expect(html).toContain('data-protocol="sadp"');
    expect(html).toContain('EADDRINUSE');
    expect(html).toContain('data-testid="doctor-warning"');
    expect(html).toContain('not XML');
    expect(html).toContain('3c 3f 78 6d 6c');
    expect(html).toContain('data-testid="doctor-refresh"');
  });

  it('explains an empty diagnosis in Russian', async () => {
    useDiagnosticsStore().data = makeDiagnostics({
      lastScan: null,
      interfaces: [],
      warnings: [],
      hints: [{ code: 'NO_INTERFACES' }],
    });
    const html = await render('ru');
    expect(html).toContain('data-testid="doctor-no-scan"');
    expect(html).toContain('поиск ещё не запускался');
    expect(html).toContain('Нет подходящего сетевого интерфейса');
    expect(html).not.toContain('data-testid="doctor-no-warnings"');
  });

  it('says so when there is nothing to fix', async () => {
    useDiagnosticsStore().data = makeDiagnostics({ hints: [], warnings: [] });
    const html = await render('en');
    expect(html).toContain('data-testid="doctor-no-hints"');
    expect(html).toContain('data-testid="doctor-no-warnings"');
  });
});
