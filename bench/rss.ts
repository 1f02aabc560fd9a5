// Resident memory of a server and every process under it (next start may fork workers),
// sampled from /proc every 500 ms.
import { readFileSync } from "node:fs";

function read(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return ""; // the process or thread is gone
  }
}

export function descendants(pid: number): number[] {
  const tasks = read(`/proc/${pid}/task/${pid}/children`).trim();
  const children = tasks ? tasks.split(/\s+/).map(Number) : [];
  return [pid, ...children.flatMap(descendants)];
}

/** The summed VmRSS of the process tree, in MB. */
export function treeRssMb(pid: number): number {
  let kb = 0;
  for (const p of descendants(pid)) {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(read(`/proc/${p}/status`));
    if (match) kb += Number(match[1]);
  }
  return kb / 1024;
}

export class RssSampler {
  peakMb = 0;
  /** The peak since the last `resetWindow`: one full run's peak. */
  windowPeakMb = 0;
  private timer: NodeJS.Timeout;

  constructor(private readonly pid: number, intervalMs = 500) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  sample(): number {
    const mb = treeRssMb(this.pid);
    this.peakMb = Math.max(this.peakMb, mb);
    this.windowPeakMb = Math.max(this.windowPeakMb, mb);
    return mb;
  }

  /** Ends a window: answers its peak and starts the next. */
  resetWindow(): number {
    const peak = Math.max(this.windowPeakMb, this.sample());
    this.windowPeakMb = 0;
    return peak;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
