// Runs the wait benchmark in a fresh process per size, so each reports its own peak memory.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface WaitFigures {
  count: number;
  resumed: number;
  stillWaiting: number;
  createSeconds: number;
  resumeSeconds: number;
  baselineRssMb: number;
  peakRssMb: number;
  baselineHeapMb: number;
  peakHeapMb: number;
}

export function benchWaits(count: number): WaitFigures {
  const child = fileURLToPath(new URL('./waits-child.ts', import.meta.url));
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', child, String(count)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').pop()!) as WaitFigures;
}
