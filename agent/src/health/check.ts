// A container's check as the agent runs it: the spec's check with its durations parsed and the
// host port of a named port resolved, carried on the container itself as a label.
import { type HealthCheckSpec, parseDuration } from '@coxswain/shared';

export const LABEL_HEALTH = 'coxswain.health';

export type ProbeKind =
  { kind: 'http'; port: number; path: string } | { kind: 'tcp'; port: number } | { kind: 'exec'; command: string[] };

export interface Check {
  probe: ProbeKind;
  intervalMs: number;
  timeoutMs: number;
  startPeriodMs: number;
  failureThreshold: number;
}

/** The defaults of WorkloadSpec.health, for a check stored without them. */
const DEFAULTS = { intervalMs: 10_000, timeoutMs: 1_000, startPeriodMs: 0, failureThreshold: 3 };

function duration(text: string | undefined, fallback: number, what: string): number {
  return text ? parseDuration(text, what) : fallback;
}

/**
 * The check of a StartReplica. An http or tcp check names a port; its host port comes from the
 * ports the control plane allocated (0 when it has none, and every check then fails saying so).
 */
export function resolveCheck(spec: HealthCheckSpec, ports: ReadonlyArray<{ name: string; hostPort: number }>): Check {
  const portOf = (name: string) => ports.find((p) => p.name === name)?.hostPort ?? 0;
  let probe: ProbeKind;
  if (spec.http) probe = { kind: 'http', port: portOf(spec.http.port), path: spec.http.path || '/' };
  else if (spec.tcp) probe = { kind: 'tcp', port: portOf(spec.tcp.port) };
  else if (spec.exec?.command.length) probe = { kind: 'exec', command: spec.exec.command };
  else throw new Error('health check: none of http, tcp and exec is set');
  return {
    probe,
    intervalMs: duration(spec.interval, DEFAULTS.intervalMs, 'health.interval') || DEFAULTS.intervalMs,
    timeoutMs: duration(spec.timeout, DEFAULTS.timeoutMs, 'health.timeout') || DEFAULTS.timeoutMs,
    startPeriodMs: duration(spec.startPeriod, DEFAULTS.startPeriodMs, 'health.startPeriod'),
    failureThreshold: spec.failureThreshold > 0 ? spec.failureThreshold : DEFAULTS.failureThreshold,
  };
}

/**
 * The check as a label value. A label, not agent state: it lives exactly as long as the container,
 * an agent restarted (or replaced) reads it back from the engine, and it can never describe a
 * container other than its own.
 */
export function checkLabel(check: Check): string {
  return JSON.stringify(check);
}

/** The check of a container's label; undefined when absent or unreadable (the container runs unchecked). */
export function parseCheckLabel(text: string | undefined): Check | undefined {
  if (!text) return undefined;
  try {
    const c = JSON.parse(text) as Check;
    const p = c.probe;
    const probeOk =
      (p?.kind === 'http' && typeof p.port === 'number' && typeof p.path === 'string') ||
      (p?.kind === 'tcp' && typeof p.port === 'number') ||
      (p?.kind === 'exec' && Array.isArray(p.command) && p.command.every((s) => typeof s === 'string'));
    const numbers = [c.intervalMs, c.timeoutMs, c.startPeriodMs, c.failureThreshold].every(
      (n) => typeof n === 'number' && Number.isFinite(n) && n >= 0,
    );
    return probeOk && numbers && c.intervalMs > 0 && c.timeoutMs > 0 ? c : undefined;
  } catch {
    return undefined;
  }
}
