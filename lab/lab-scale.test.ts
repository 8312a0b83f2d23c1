import { describe, expect, it } from 'vitest';
import { startLab } from './lab';
import { probe, probeXml } from './onvif/test-probe';

describe.skipIf(process.env.CUSTODIAN_IN_NETNS !== '1')('scale-1000 (network namespace)', () => {
  it('starts, answers probes from every device, and stops', { timeout: 60_000 }, async () => {
    const rssBefore = process.memoryUsage().rss;
    const lab = await startLab({
      fleet: 'scale-1000',
      loopbackOnly: true,
      firstAddress: '127.1.0.1',
    });
    const rss = process.memoryUsage().rss;
    // A client repeats probes (onvif.md §1.2); three spaced probes must reach every device.
    const seen = new Set<string>();
    for (let i = 0; i < 3 && seen.size < 1000; i++)
      for (const r of await probe([probeXml(null)], 1200))
        if (r.address.startsWith('127.1.')) seen.add(r.address);
    const stopAt = performance.now();
    await lab.stop();
    const stopMs = Math.round(performance.now() - stopAt);
    console.log(
      `scale-1000: ready ${lab.readyMs} ms, stop ${stopMs} ms, RSS ${(rss / 2 ** 20).toFixed(0)} MiB ` +
        `(+${((rss - rssBefore) / 2 ** 20).toFixed(0)} MiB), devices answering ${seen.size}`,
    );
    expect(lab.manifest.devices).toHaveLength(1000);
    expect(seen.size).toBe(1000);
  });
});
