// What an agent may say: a misbehaving or hostile agent (garbage, floods, reports about
// containers it cannot hold) must not corrupt the store or starve the other agents.
import type { ContainerInfo, ContainerReport, NodeUsage, Register } from '@coxswain/shared';
import { ValidationError, validateName, validateNodeName } from '../validation';

export const GUARD_LIMITS = {
  containersPerReport: 5_000,
  labels: 64,
  labelBytes: 256,
  addresses: 64,
  /** Messages a stream may send in a burst, and per second after it. */
  burst: 500,
  perSecond: 200,
};

const CONTAINER_ID = /^[0-9a-f]{12,128}$/i;
const DOCKER_STATES = new Set(['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead']);
const MAX_CPU_MILLIS = 100_000_000;

const clamp = (n: unknown, lo: number, hi: number): number => {
  const x = Number(n);
  return Number.isFinite(x) ? Math.min(hi, Math.max(lo, x)) : lo;
};

const wholeIn = (n: unknown, lo: number, hi: number): boolean =>
  Number.isSafeInteger(n) && (n as number) >= lo && (n as number) <= hi;

/** Checks a registration; throws ValidationError naming the field. */
export function checkRegister(reg: Register): Register {
  validateNodeName(reg.name, 'register.name');
  const labels = reg.labels ?? {};
  const keys = Object.keys(labels);
  if (keys.length > GUARD_LIMITS.labels)
    throw new ValidationError('register.labels', `at most ${GUARD_LIMITS.labels} labels`);
  for (const k of keys) {
    if (k.length > GUARD_LIMITS.labelBytes || String(labels[k]).length > GUARD_LIMITS.labelBytes) {
      throw new ValidationError(`register.labels["${k.slice(0, 32)}"]`, `longer than ${GUARD_LIMITS.labelBytes}`);
    }
  }
  const cpu = reg.capacity?.cpuMillis ?? 0;
  const mem = reg.capacity?.memoryBytes ?? 0;
  if (!wholeIn(cpu, 0, MAX_CPU_MILLIS))
    throw new ValidationError('register.capacity.cpuMillis', `out of range (${cpu})`);
  if (!wholeIn(mem, 0, Number.MAX_SAFE_INTEGER))
    throw new ValidationError('register.capacity.memoryBytes', `out of range (${mem})`);
  if ((reg.addresses ?? []).length > GUARD_LIMITS.addresses)
    throw new ValidationError('register.addresses', `at most ${GUARD_LIMITS.addresses}`);
  return { ...reg, agentVersion: String(reg.agentVersion ?? '').slice(0, 64) };
}

function validContainer(c: ContainerInfo): boolean {
  if (!CONTAINER_ID.test(c.containerId ?? '') || !DOCKER_STATES.has(c.state)) return false;
  try {
    validateName(c.workload);
  } catch {
    return false;
  }
  return (
    wholeIn(c.replica, 0, 1_000_000) &&
    wholeIn(c.epoch, 0, Number.MAX_SAFE_INTEGER) &&
    wholeIn(c.generation, 0, Number.MAX_SAFE_INTEGER) &&
    Number.isSafeInteger(c.exitCode) &&
    wholeIn(c.startedAt, 0, Number.MAX_SAFE_INTEGER) &&
    wholeIn(c.finishedAt, 0, Number.MAX_SAFE_INTEGER)
  );
}

/**
 * Keeps the well-formed part of a report. A full report that had to be cut is applied as an
 * incremental one, so that containers it could not list are not taken for gone.
 */
export function cleanReport(r: ContainerReport): { report: ContainerReport; dropped: number } {
  const all = r.containers ?? [];
  const containers = all.slice(0, GUARD_LIMITS.containersPerReport).filter(validContainer);
  const removedAll = r.removed ?? [];
  const removed = removedAll.slice(0, GUARD_LIMITS.containersPerReport).filter((id) => CONTAINER_ID.test(id));
  const dropped = all.length - containers.length + removedAll.length - removed.length;
  return { report: { full: r.full && dropped === 0, containers, removed }, dropped };
}

export function cleanUsage(u: NodeUsage | null | undefined): NodeUsage | undefined {
  if (!u) return undefined;
  return {
    cpuPercent: clamp(u.cpuPercent, 0, 100_000),
    memoryUsedBytes: Math.round(clamp(u.memoryUsedBytes, 0, Number.MAX_SAFE_INTEGER)),
  };
}

/** Token bucket: a stream that sends faster than any agent needs to is cut off. */
export class RateLimit {
  private tokens: number;
  private last: number;

  constructor(
    private readonly burst = GUARD_LIMITS.burst,
    private readonly perSecond = GUARD_LIMITS.perSecond,
    now = Date.now(),
  ) {
    this.tokens = burst;
    this.last = now;
  }

  take(now = Date.now()): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
