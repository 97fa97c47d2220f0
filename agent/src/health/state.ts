// The health check's state machine: results in, state out. Pure, so the rules are tested alone.

export type HealthStatus = 'starting' | 'healthy' | 'unhealthy';

export interface HealthState {
  status: HealthStatus;
  /** Failed checks in a row that counted (not those in the start period). */
  failures: number;
  message: string;
}

export interface CheckResult {
  ok: boolean;
  message: string;
}

export const INITIAL_HEALTH: HealthState = { status: 'starting', failures: 0, message: '' };

/**
 * One result applied. A pass makes the container healthy (ready) at once; a failure in the start
 * period changes nothing but the message, so a slow starter is not punished for starting; any
 * other failure makes it unhealthy at once (it leaves the endpoints at its first failure) and
 * counts toward the threshold.
 */
export function applyResult(state: HealthState, result: CheckResult, inStartPeriod: boolean): HealthState {
  if (result.ok) return { status: 'healthy', failures: 0, message: result.message };
  if (inStartPeriod) return { ...state, message: result.message };
  return { status: 'unhealthy', failures: state.failures + 1, message: result.message };
}

/** Failures in a row reached the threshold: the container is stopped, and restarted by the control plane. */
export function shouldStop(state: HealthState, failureThreshold: number): boolean {
  return state.failures >= Math.max(1, failureThreshold);
}

export function sameHealth(a: HealthState, b: HealthState): boolean {
  return a.status === b.status && a.failures === b.failures && a.message === b.message;
}
