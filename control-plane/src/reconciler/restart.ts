import type { WorkloadSpec } from '@coxswain/shared';
import type { ContainerRecord } from '../model';

/** A container that ran at least this long before exiting resets the crash-loop backoff. */
export const HEALTHY_RUN_MS = 30_000;
const MAX_BACKOFF_MS = 30_000;

/** First restart at once, then 1 s, 2 s, 4 s ... capped: a crash loop cannot hammer a host. */
export function restartBackoffMs(restarts: number): number {
  if (restarts <= 0) return 0;
  return Math.min(1000 * 2 ** (restarts - 1), MAX_BACKOFF_MS);
}

/** Backoff after a failed start (e.g. an image that cannot be pulled). */
export function failureBackoffMs(failures: number): number {
  return Math.min(1000 * 2 ** Math.max(0, failures - 1), MAX_BACKOFF_MS);
}

export function isExited(c: ContainerRecord): boolean {
  return c.state === 'exited' || c.state === 'dead';
}

export function wantsRestart(spec: WorkloadSpec, c: ContainerRecord): boolean {
  switch (spec.restartPolicy || 'always') {
    case 'never':
      return false;
    case 'on-failure':
      return c.exitCode !== 0;
    default:
      return true;
  }
}
