/**
 * Packet loss on every lab device through the lab's control API, for the benchmark's loss run.
 * Each device's other faults are kept; `restore` puts back exactly what was there before.
 */
interface FaultsEntry {
  id: string;
  faults: Record<string, unknown>;
}

async function call(url: string, init?: RequestInit): Promise<unknown> {
  const res = await fetch(url, init);
  if (!res.ok)
    throw new Error(`${init?.method ?? 'GET'} ${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Runs `fn` over `items`, `width` at a time (the control API is one small HTTP server). */
async function each<T>(items: readonly T[], width: number, fn: (t: T) => Promise<unknown>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: width }, worker));
}

/** Sets packetLoss on every device; resolves with a function that restores the old faults. */
export async function setPacketLoss(control: string, loss: number): Promise<() => Promise<void>> {
  const { devices } = (await call(`${control}devices`)) as { devices: FaultsEntry[] };
  const put = (id: string, faults: Record<string, unknown>) =>
    call(`${control}devices/${encodeURIComponent(id)}/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(faults),
    });
  await each(devices, 16, (d) => put(d.id, { ...d.faults, packetLoss: loss }));
  return () => each(devices, 16, (d) => put(d.id, d.faults));
}
