// Peak resident memory of a stretch of synchronous work. On Linux the kernel's
// high-water mark (VmHWM) can be reset by writing 5 to /proc/self/clear_refs,
// so each stretch gets its own peak; elsewhere we fall back to the process-wide
// maxRSS, which only ever grows (and say so).
import fs from 'node:fs';
import v8 from 'node:v8';
import vm from 'node:vm';

v8.setFlagsFromString('--expose-gc');
const gcFn = vm.runInNewContext('gc') as () => void;

/** Full garbage collection, so a measurement starts from live data only. */
export function collectGarbage(): void {
  gcFn();
  gcFn();
}

function readHwmKiB(): number | null {
  try {
    const match = /VmHWM:\s+(\d+)\s+kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

function resetHwm(): boolean {
  try {
    fs.writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

export interface PeakRss {
  /** RSS just before the work started, in bytes. */
  beforeBytes: number;
  /** Peak RSS while the work ran, in bytes. */
  peakBytes: number;
  /** 'VmHWM' when the peak belongs to this stretch alone; 'maxRSS' when it is the process's lifetime peak. */
  method: 'VmHWM' | 'maxRSS';
}

/** Runs `work` and reports its result with the peak RSS while it ran. */
export function withPeakRss<T>(work: () => T): { result: T; rss: PeakRss } {
  collectGarbage();
  const canReset = resetHwm() && readHwmKiB() !== null;
  const beforeBytes = process.memoryUsage().rss;
  const result = work();
  const after = process.memoryUsage().rss;
  if (canReset) {
    const peakBytes = Math.max((readHwmKiB() ?? 0) * 1024, after);
    return { result, rss: { beforeBytes, peakBytes, method: 'VmHWM' } };
  }
  return { result, rss: { beforeBytes, peakBytes: Math.max(process.resourceUsage().maxRSS * 1024, after), method: 'maxRSS' } };
}

/** The same as `withPeakRss` for asynchronous work (the kernel's peak covers awaits too). */
export async function withPeakRssAsync<T>(work: () => Promise<T>): Promise<{ result: T; rss: PeakRss }> {
  collectGarbage();
  const canReset = resetHwm() && readHwmKiB() !== null;
  const beforeBytes = process.memoryUsage().rss;
  const result = await work();
  const after = process.memoryUsage().rss;
  if (canReset) return { result, rss: { beforeBytes, peakBytes: Math.max((readHwmKiB() ?? 0) * 1024, after), method: 'VmHWM' } };
  return { result, rss: { beforeBytes, peakBytes: Math.max(process.resourceUsage().maxRSS * 1024, after), method: 'maxRSS' } };
}
