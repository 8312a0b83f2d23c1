/**
 * Shared measuring for the benchmarks: wall time from a start mark, CPU time of this process and
 * its peak RSS (sampled, and the kernel's own maxRSS), printed as one JSON line for the runner.
 */
export interface ToolResult {
  tool: string;
  expected: number;
  found: number;
  /** Rows the user sees beyond one per physical device found. */
  duplicates: number;
  firstMs: number | null;
  /** When the last new device arrived (the tool does not know it is the last one). */
  lastMs: number | null;
  /**
   * When the user has the list in hand: Custodian's sweep 'done' event, node-onvif's startProbe
   * resolving, onvif's probe callback. Never taken from the expected count.
   */
  completeMs: number | null;
  /** The ONVIF part alone (the peers find nothing else), for the like-for-like comparison. */
  onvif: { expected: number; found: number; lastMs: number | null };
  endMs: number;
  cpuMs: number;
  peakRssMb: number;
  note?: string;
  /** Namespace-wide UDP RcvbufErrors during this tool's run (/proc/net/snmp, set by the runner). */
  rcvbufErrors?: number | null;
}

export function startMeasuring() {
  let t0 = performance.now();
  const cpu0 = process.cpuUsage();
  // memoryUsage.rss() reads the RSS alone; memoryUsage() walks the V8 heap (~3% of a run's CPU).
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 10);
  return {
    /** Restarts the wall clock (CPU and RSS keep counting from the start). */
    mark: () => void (t0 = performance.now()),
    elapsed: () => Math.round(performance.now() - t0),
    finish(): { endMs: number; cpuMs: number; peakRssMb: number } {
      clearInterval(sampler);
      const cpu = process.cpuUsage(cpu0);
      // resourceUsage().maxRSS is in KiB: the kernel's peak catches what sampling misses.
      peak = Math.max(peak, process.memoryUsage.rss(), process.resourceUsage().maxRSS * 1024);
      return {
        endMs: Math.round(performance.now() - t0),
        cpuMs: Math.round((cpu.user + cpu.system) / 1000),
        peakRssMb: Math.round(peak / 1024 / 1024),
      };
    },
  };
}

/** Tracks distinct devices as they arrive: first, last, how many. */
export function arrivals(elapsed: () => number) {
  const seen = new Set<string>();
  let firstMs: number | null = null;
  let lastMs: number | null = null;
  return {
    seen,
    add(key: string): void {
      if (seen.has(key)) return;
      seen.add(key);
      firstMs ??= elapsed();
      lastMs = elapsed();
    },
    get firstMs() {
      return firstMs;
    },
    get lastMs() {
      return lastMs;
    },
  };
}
