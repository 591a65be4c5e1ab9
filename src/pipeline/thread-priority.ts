/**
 * The analysis workers run below the main thread's priority. The main thread answers every
 * client (small calls, sessions, commits) in a few ms; a worker may spend seconds of CPU on one
 * pathological call. On a machine with few cores the two compete for the same CPU, and a
 * worker at the same priority takes whole scheduler slices from the main thread: that was the
 * largest part of the delay a pathological call added to everyone else's checks (bench/stall.mjs).
 *
 * Linux keeps a nice value per thread: setpriority() on the thread's own id lowers that thread
 * only. Elsewhere (no /proc/thread-self) nothing changes. Raising one's own nice value needs
 * no privilege; a failure changes nothing but speed.
 */
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** How much lower a worker runs (nice +5: about a third of the main thread's share when both want the CPU). */
export const WORKER_NICE_INCREMENT = 5;

/** The calling thread's id on Linux (null elsewhere). */
export function currentThreadId(): number | null {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) && tid > 0 ? tid : null;
  } catch {
    return null;
  }
}

/** Lowers the calling thread's priority by `increment`; returns its nice value after, or null when it cannot. */
export function lowerThreadPriority(increment = WORKER_NICE_INCREMENT): number | null {
  const tid = currentThreadId();
  if (tid === null) return null;
  try {
    setPriority(tid, Math.min(19, getPriority(tid) + increment));
    return getPriority(tid);
  } catch {
    return null;
  }
}
