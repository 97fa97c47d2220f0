// Request validation: pure, and every error names the field that is wrong.
import type { WorkloadSpec } from '@coxswain/shared';
import { parseConstraint } from '../scheduler';
import { LIMITS, ValidationError, validateCommand } from './basics';
import { validateServiceFields } from './service-fields';

export { LIMITS, ValidationError, validateCommand } from './basics';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LABEL_KEY = /^[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?$/;
// Docker's reference grammar: [domain/]path[:tag][@algo:hex]. The first component is a domain
// only when it looks like one (a dot, a port or "localhost"); otherwise it is a lower-case path.
const LABEL_PART = '[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?';
const DOMAIN = `(?:localhost(?::[0-9]+)?|${LABEL_PART}(?:\\.${LABEL_PART})+(?::[0-9]+)?|${LABEL_PART}:[0-9]+)`;
const PATH_PART = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const IMAGE_REF = new RegExp(
  `^(?:${DOMAIN}/)?${PATH_PART}(?:/${PATH_PART})*(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$`,
);

export function validateName(name: unknown, field = 'name'): string {
  if (typeof name !== 'string' || name === '') throw new ValidationError(field, 'is required');
  if (name.length > 63) throw new ValidationError(field, `must be at most 63 characters (got ${name.length})`);
  if (!DNS_LABEL.test(name)) {
    throw new ValidationError(
      field,
      `"${name}" is not a DNS label: lower-case letters, digits and '-', starting and ending with a letter or digit`,
    );
  }
  return name;
}

/** Node names are host names: DNS names of up to 253 characters. */
export function validateNodeName(name: unknown, field = 'name'): string {
  if (typeof name !== 'string' || name === '') throw new ValidationError(field, 'is required');
  if (name.length > 253 || !/^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(name)) {
    throw new ValidationError(field, `"${name.slice(0, 64)}" is not a valid node name`);
  }
  return name;
}

export function validateReplicas(n: unknown, field = 'replicas'): number {
  if (typeof n !== 'number' || !Number.isInteger(n)) throw new ValidationError(field, 'must be an integer');
  if (n < 0) throw new ValidationError(field, `must not be negative (got ${n})`);
  if (n > LIMITS.replicas) throw new ValidationError(field, `must be at most ${LIMITS.replicas} (got ${n})`);
  return n;
}

function sortedMap(m: Record<string, string> | undefined | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (!m) return out;
  for (const k of Object.keys(m).sort()) out[k] = m[k];
  return out;
}

function checkMap(
  m: Record<string, string>,
  field: string,
  max: number,
  keyRe: RegExp,
  maxKey: number,
  maxValue: number,
): void {
  const keys = Object.keys(m);
  if (keys.length > max) throw new ValidationError(field, `at most ${max} entries (got ${keys.length})`);
  for (const k of keys) {
    if (k.length > maxKey || !keyRe.test(k)) throw new ValidationError(`${field}["${k.slice(0, 64)}"]`, 'invalid key');
    if (Buffer.byteLength(m[k]) > maxValue)
      throw new ValidationError(`${field}["${k}"]`, `value longer than ${maxValue} bytes`);
  }
}

/** Validates a WorkloadSpec and returns it normalised (defaults filled, maps sorted). */
export function validateSpec(spec: WorkloadSpec | null | undefined, prefix = 'workload'): WorkloadSpec {
  if (!spec) throw new ValidationError(prefix, 'is required');
  const f = (name: string) => `${prefix}.${name}`;
  const name = validateName(spec.name, f('name'));

  const image = spec.image ?? '';
  if (image === '') throw new ValidationError(f('image'), 'is required');
  if (image.length > LIMITS.imageBytes || !IMAGE_REF.test(image)) {
    throw new ValidationError(f('image'), `"${image.slice(0, 100)}" is not a valid image reference`);
  }

  const command = validateCommand(spec.command ?? [], f('command'));

  const env = sortedMap(spec.env);
  checkMap(env, f('env'), LIMITS.envEntries, ENV_KEY, 256, LIMITS.envValueBytes);
  for (const [k, v] of Object.entries(env)) {
    if (v.includes('\0')) throw new ValidationError(`${f('env')}["${k}"]`, 'contains a NUL byte');
  }

  const replicas = validateReplicas(spec.replicas, f('replicas'));

  const res = spec.resources;
  if (!res) throw new ValidationError(f('resources'), 'is required (cpuMillis and memoryBytes)');
  const cpu = Number(res.cpuMillis);
  const mem = Number(res.memoryBytes);
  if (!Number.isInteger(cpu) || cpu <= 0)
    throw new ValidationError(f('resources.cpuMillis'), `must be a positive integer (got ${res.cpuMillis})`);
  if (cpu > LIMITS.cpuMillis)
    throw new ValidationError(f('resources.cpuMillis'), `must be at most ${LIMITS.cpuMillis}`);
  if (!Number.isSafeInteger(mem) || mem <= 0)
    throw new ValidationError(f('resources.memoryBytes'), `must be a positive integer (got ${res.memoryBytes})`);
  if (mem < LIMITS.minMemoryBytes)
    throw new ValidationError(
      f('resources.memoryBytes'),
      `must be at least ${LIMITS.minMemoryBytes} (6 MiB, Docker's minimum)`,
    );
  if (mem > LIMITS.memoryBytes)
    throw new ValidationError(f('resources.memoryBytes'), `must be at most ${LIMITS.memoryBytes}`);

  const labels = sortedMap(spec.labels);
  checkMap(labels, f('labels'), LIMITS.labelEntries, LABEL_KEY, LIMITS.labelKeyBytes, LIMITS.labelValueBytes);
  for (const k of Object.keys(labels)) {
    if (k.startsWith('coxswain.'))
      throw new ValidationError(`${f('labels')}["${k}"]`, 'the coxswain. prefix is reserved');
  }

  const constraints = spec.constraints ?? [];
  if (constraints.length > LIMITS.constraints)
    throw new ValidationError(f('constraints'), `at most ${LIMITS.constraints}`);
  constraints.forEach((c, i) => {
    if (c.length > LIMITS.constraintBytes) throw new ValidationError(`${f('constraints')}[${i}]`, 'too long');
    try {
      parseConstraint(c);
    } catch (err) {
      throw new ValidationError(`${f('constraints')}[${i}]`, (err as Error).message);
    }
  });

  const restartPolicy = spec.restartPolicy || 'always';
  if (!['always', 'on-failure', 'never'].includes(restartPolicy)) {
    throw new ValidationError(f('restartPolicy'), `must be always, on-failure or never (got "${restartPolicy}")`);
  }
  const disconnect = spec.disconnect || 'keep';
  if (!['keep', 'stop'].includes(disconnect)) {
    throw new ValidationError(f('disconnect'), `must be keep or stop (got "${disconnect}")`);
  }

  return {
    name,
    image,
    command: [...command],
    env,
    replicas,
    resources: { cpuMillis: cpu, memoryBytes: mem },
    labels,
    constraints: [...constraints],
    restartPolicy: restartPolicy as WorkloadSpec['restartPolicy'],
    disconnect: disconnect as WorkloadSpec['disconnect'],
    ...validateServiceFields(spec, f),
  };
}
