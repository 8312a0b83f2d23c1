/** Starts the test fleet's HTTP services only (no DHIP), so HTTP tests run outside the namespace. */
import { startDahuaRuntime, type DahuaRuntime } from '../runtime';
import { testFleet } from './devices';
import { fakeContext, type FakeContext } from './fake-context';
import { TestDahuaClient } from './rpc-client';

export interface HttpHarness {
  rt: DahuaRuntime;
  ctx: FakeContext;
  /** A new client for the device with this id. */
  client(id: string): TestDahuaClient;
}

export async function startHttpHarness(base: string): Promise<HttpHarness> {
  const ctx = fakeContext();
  const devices = testFleet(base);
  const rt = await startDahuaRuntime(devices, ctx, { dhip: false });
  const client = (id: string) => {
    const d = devices.find((x) => x.id === id)!;
    return new TestDahuaClient(`http://${d.ip}:${d.ports.http}`);
  };
  return { rt, ctx, client };
}
