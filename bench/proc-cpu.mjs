// CPU time of a process and its threads from /proc (utime + stime, in clock ticks of 10 ms).
import { readdirSync, readFileSync } from 'node:fs';

const CLOCK_TICKS = 100;

/** User and system CPU µs of process `pid`, or of its thread `tid`. */
export function cpuSplitMicros(pid, tid = pid) {
  const stat = readFileSync(tid === pid ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: (Number(fields[11]) * 1e6) / CLOCK_TICKS, system: (Number(fields[12]) * 1e6) / CLOCK_TICKS };
}

/** CPU µs of process `pid`, or of its thread `tid`. */
export function cpuMicros(pid, tid = pid) {
  const { user, system } = cpuSplitMicros(pid, tid);
  return user + system;
}

/** CPU µs of a process's threads other than the main one: V8's compiler and GC helpers, libuv's pool. */
export function otherThreadsCpuMicros(pid) {
  let micros = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`).map(Number)) {
    if (tid === pid) continue;
    try {
      micros += cpuMicros(pid, tid);
    } catch {
      // the thread ended
    }
  }
  return micros;
}
