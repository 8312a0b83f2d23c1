/**
 * Shared measuring for the benchmarks: wall time from a start mark, CPU time of this process and
 * its peak RSS (sampled, and the kernel's own maxRSS), printed as one JSON line for the runner.
 */
export interface ToolResult {
  tool: string;
  expected: number;
  found: number;
  duplicates: number;
  firstMs: number | null;
  completeMs: number | null;
  endMs: number;
  cpuMs: number;
  peakRssMb: number;
  note?: string;
}

export function startMeasuring() {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  return {
    elapsed: () => Math.round(performance.now() - t0),
    finish(): { endMs: number; cpuMs: number; peakRssMb: number } {
      clearInterval(sampler);
      const cpu = process.cpuUsage(cpu0);
      peak = Math.max(peak, process.memoryUsage().rss);
      return {
        endMs: Math.round(performance.now() - t0),
        cpuMs: Math.round((cpu.user + cpu.system) / 1000),
        peakRssMb: Math.round(peak / 1024 / 1024),
      };
    },
  };
}
