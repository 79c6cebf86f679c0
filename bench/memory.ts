// Peak memory of a benchmark run in its own process: a baseline after a full GC, then samples
// every 20 ms until stopped.
export interface MemoryFigures {
  baselineRssMb: number;
  peakRssMb: number;
  baselineHeapMb: number;
  peakHeapMb: number;
}

export function sampleMemory(): { stop(): MemoryFigures } {
  global.gc?.();
  const baseline = process.memoryUsage();
  let peakRss = baseline.rss;
  let peakHeap = baseline.heapUsed;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 20);
  return {
    stop() {
      clearInterval(sampler);
      return {
        baselineRssMb: baseline.rss / 2 ** 20, peakRssMb: peakRss / 2 ** 20,
        baselineHeapMb: baseline.heapUsed / 2 ** 20, peakHeapMb: peakHeap / 2 ** 20,
      };
    },
  };
}
