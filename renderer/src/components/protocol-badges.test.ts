/** The protocol badges on the server renderer: order, and the "+N" collapse of table rows. */
import { describe, expect, it } from 'vitest';
import { createSSRApp, h } from 'vue';
import { renderToString } from 'vue/server-renderer';
import type { DiscoveryProtocol } from '../contract';
import { createAppI18n } from '../i18n';
import ProtocolBadges from './ProtocolBadges.vue';

async function render(protocols: DiscoveryProtocol[], limit?: number, locale: 'en' | 'ru' = 'en') {
  const app = createSSRApp({ render: () => h(ProtocolBadges, { protocols, limit }) });
  app.use(createAppI18n(locale));
  return renderToString(app);
}

const shown = (html: string): string[] =>
  [...html.matchAll(/data-protocol="(\w+)"/g)].map((m) => m[1]!);

describe('ProtocolBadges', () => {
  it('puts the vendor protocol first, then ONVIF, then mDNS', async () => {
    expect(shown(await render(['mdns', 'wsd', 'sadp']))).toEqual(['sadp', 'wsd', 'mdns']);
    expect(shown(await render(['mdns', 'manual', 'wsd']))).toEqual(['wsd', 'manual', 'mdns']);
  });

  it('shows every badge without a limit, and no "+N"', async () => {
    const html = await render(['wsd', 'mdns']);
    expect(shown(html)).toEqual(['wsd', 'mdns']);
    expect(html).not.toContain('protocols-more');
  });

  it('collapses the rest into "+N" naming them, in a row', async () => {
    const html = await render(['mdns', 'wsd'], 1);
    expect(shown(html)).toEqual(['wsd']);
    expect(html).toContain('data-testid="protocols-more"');
    expect(html).toContain('title="mDNS"');
    expect(html).toMatch(/>\+1</);
    const three = await render(['mdns', 'manual', 'dhip'], 1, 'ru');
    expect(shown(three)).toEqual(['dhip']);
    expect(three).toContain('title="Вручную, mDNS"');
    expect(three).toMatch(/>\+2</);
  });

  it('needs no "+N" when everything fits the limit', async () => {
    const html = await render(['xm'], 1);
    expect(shown(html)).toEqual(['xm']);
    expect(html).not.toContain('protocols-more');
  });
});
