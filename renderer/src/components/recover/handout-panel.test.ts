/** Renders the handout on the server renderer and checks what the person is told to send where. */
import { describe, expect, it } from 'vitest';
import { createSSRApp, h } from 'vue';
import { renderToString } from 'vue/server-renderer';
import type { Device, FlowHandout } from '../../contract';
import { createAppI18n } from '../../i18n';
import { makeDevice } from '../../testing/fixtures';
import RecoverableCell from '../RecoverableCell.vue';
import HandoutPanel from './HandoutPanel.vue';

const device = makeDevice();
const contact: NonNullable<FlowHandout['supportContact']> = {
  vendor: 'Hikvision',
  url: 'https://www.hikvision.com/en/support/',
  include: ['serial', 'deviceDate', 'labelPhoto', 'purchaseChannel'],
  serial: 'DS-2CD2143G2-I20240101AAWRK00000001',
};

async function render(handout: FlowHandout, locale: 'en' | 'ru' = 'en') {
  const app = createSSRApp({
    render: () => h(HandoutPanel, { handout, method: 'support', device, now: Date.now() }),
  });
  app.use(createAppI18n(locale));
  return renderToString(app);
}

describe('HandoutPanel support contact', () => {
  it('names the vendor support, links its page and lists what to send with the serial', async () => {
    const html = await render({ supportCode: 'QUJDRA==', supportContact: contact });
    expect(html).toContain('Send it to Hikvision technical support');
    expect(html).toContain('href="https://www.hikvision.com/en/support/"');
    expect(html).toContain('target="_blank"');
    expect(html).toContain('the full serial number, DS-2CD2143G2-I20240101AAWRK00000001');
    expect(html.match(/data-detail="/g)).toHaveLength(4);
    expect(html).not.toContain('support channel for this brand');
  });

  it('says it in Russian', async () => {
    const html = await render({ supportCode: 'QUJDRA==', supportContact: contact }, 'ru');
    expect(html).toContain('Отправьте его в техническую поддержку Hikvision');
    expect(html).toContain('полный серийный номер, DS-2CD2143G2-I20240101AAWRK00000001');
    expect(html).toContain('фото наклейки на устройстве');
  });

  it('links only an https page, and falls back to the generic advice without a contact', async () => {
    const bad = await render({
      supportCode: 'X',
      supportContact: { ...contact, url: 'file:///etc/passwd' },
    });
    expect(bad).not.toContain('data-testid="support-url"');
    expect(bad).not.toContain('file:///');
    const none = await render({ supportCode: 'X' });
    expect(none).toContain('support channel for this brand');
    expect(none).toContain(device.serial!);
  });
});

describe('RecoverableCell', () => {
  async function cell(recovery: Device['recovery']) {
    const app = createSSRApp({
      render: () => h(RecoverableCell, { device: makeDevice({ recovery }) }),
    });
    app.use(createAppI18n('en'));
    return renderToString(app);
  }

  it('reads Device.recovery: set, missing and unknown parts each show as such', async () => {
    const html = await cell({ emailBound: true, questionsSet: false, keyExported: null });
    expect(html).toContain('data-recoverable="yes"');
    expect(html).toContain('data-part="emailBound" data-state="yes"');
    expect(html).toContain('data-part="questionsSet" data-state="no"');
    expect(html).toContain('data-part="keyExported" data-state="unknown"');
    expect(await cell(null)).toContain('data-recoverable="unknown"');
  });
});
