/**
 * A flow device's error on the server renderer, in both languages: the engine's English details
 * (tries left, a lock, a silent device) are said by the UI itself, never shown raw.
 */
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSSRApp, h } from 'vue';
import { renderToString } from 'vue/server-renderer';
import type { FlowDeviceView } from '../../contract';
import { setBridge } from '../../bridge';
import { createAppI18n } from '../../i18n';
import { useDevicesStore } from '../../stores/devices';
import { createFakeBridge } from '../../testing/fake-bridge';
import { makeDevice } from '../../testing/fixtures';
import FlowDeviceList from './FlowDeviceList.vue';

let pinia: ReturnType<typeof createPinia>;
const device = makeDevice();

beforeEach(() => {
  setBridge(createFakeBridge());
  pinia = createPinia();
  setActivePinia(pinia);
  useDevicesStore().upsert(device);
});

function view(overrides: Partial<FlowDeviceView>): FlowDeviceView {
  return {
    deviceId: device.id,
    state: 'needsInput',
    step: 'input',
    stepsDone: ['challenge'],
    ...overrides,
  };
}

async function render(locale: 'en' | 'ru', d: FlowDeviceView): Promise<string> {
  const app = createSSRApp({ render: () => h(FlowDeviceList, { devices: [d] }) });
  app.use(pinia).use(createAppI18n(locale));
  return renderToString(app);
}

describe('FlowDeviceList errors', () => {
  it('says a refused code with the tries left from attemptsLeft, not the engine detail', async () => {
    const d = view({
      error: { code: 'CODE_REJECTED', message: '', detail: '1 tries left' },
      attemptsLeft: 1,
    });
    expect(await render('en', d)).toContain('The device did not accept the code (1 attempt left).');
    const ru = await render('ru', d);
    expect(ru).toContain('Устройство не приняло код (осталась 1 попытка).');
    expect(ru).not.toContain('tries left');
  });

  it('says when the device keeps no count of refused answers', async () => {
    const d = view({
      error: { code: 'ANSWERS_REJECTED', message: '', detail: 'tries left unknown' },
      attemptsLeft: null,
    });
    expect(await render('ru', d)).toContain('устройство не сообщает, сколько попыток осталось');
  });

  it('says a lock without an end as such, and a silent device by its address', async () => {
    const locked = view({
      state: 'failed',
      error: { code: 'DEVICE_LOCKED', message: '', detail: 'locked' },
    });
    const ru = await render('ru', locked);
    expect(ru).toContain('устройство не сообщает, надолго ли');
    expect(ru).not.toContain('(locked)');
    const silent = view({
      error: { code: 'TIMEOUT', message: '', detail: 'SADP reply from 44-47-cc-00-00-01' },
    });
    expect(await render('en', silent)).toContain('The device did not answer (192.168.1.64).');
    expect(await render('ru', silent)).toContain('Устройство не отвечает (192.168.1.64).');
  });

  it('names the input step in both languages', async () => {
    expect(await render('en', view({}))).toContain('Fill in the form below');
    expect(await render('ru', view({}))).toContain('Заполните форму ниже');
  });
});
