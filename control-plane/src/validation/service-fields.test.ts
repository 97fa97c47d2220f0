import { describe, expect, it } from 'vitest';
import type { WorkloadSpec } from '@coxswain/shared';
import { ValidationError, validateSpec } from './validate';

/** A spec as a client sends it: only what the user wrote (the loader fills the rest as defaults). */
const base = (extra: Partial<WorkloadSpec> = {}): WorkloadSpec =>
  ({
    name: 'web',
    image: 'coxswain/busybox:1',
    command: ['httpd', '-f', '-p', '$(COXSWAIN_PORT_HTTP)'],
    replicas: 3,
    resources: { cpuMillis: 250, memoryBytes: 67108864 },
    network: 'host',
    ports: [{ name: 'http', hostPort: 0, containerPort: 0, publish: 0 }],
    ...extra,
  }) as WorkloadSpec;

function refusal(extra: Partial<WorkloadSpec>): { field: string; message: string } {
  try {
    validateSpec(base(extra));
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return { field: (err as ValidationError).field, message: (err as Error).message };
  }
  throw new Error('expected a validation error');
}

const port = (over: object) => ({ name: 'http', hostPort: 0, containerPort: 0, publish: 0, ...over });
const http = { http: { port: 'http', path: '/' } };

describe('service fields', () => {
  it('fills the defaults: bridge network, update 1/1, no check, a 10 s stop grace', () => {
    const s = validateSpec({ ...base(), network: '', ports: [] } as WorkloadSpec);
    expect(s).toMatchObject({
      network: 'bridge',
      ports: [],
      health: null,
      update: { maxSurge: 1, maxUnavailable: 1, minReady: '0s', progressDeadline: '10m', autoRollback: false },
      mounts: [],
      stopGracePeriod: '10s',
    });
    const h = validateSpec(base({ health: http as WorkloadSpec['health'] })).health;
    expect(h).toEqual({
      http: { port: 'http', path: '/' },
      tcp: null,
      exec: null,
      interval: '10s',
      timeout: '1s',
      failureThreshold: 3,
      startPeriod: '0s',
    });
  });

  it.each<[string, Partial<WorkloadSpec>, string]>([
    ['an unknown network', { network: 'overlay' as WorkloadSpec['network'] }, 'workload.network'],
    ['a host port out of range', { ports: [port({ hostPort: 70000 })] }, 'workload.ports[0].hostPort'],
    ['a negative container port', { ports: [port({ containerPort: -1 })] }, 'workload.ports[0].containerPort'],
    ['a publish port outside 30000-32767', { ports: [port({ publish: 8080 })] }, 'workload.ports[0].publish'],
    ['a publish port above 32767', { ports: [port({ publish: 32768 })] }, 'workload.ports[0].publish'],
    [
      'one publish port for two ports',
      { ports: [port({ publish: 30080 }), port({ name: 'admin', publish: 30080 })] },
      'workload.ports[1].publish',
    ],
    ['a port without a name', { ports: [port({ name: '' })] }, 'workload.ports[0].name'],
    ['two ports of one name', { ports: [port({}), port({ hostPort: 81 })] }, 'workload.ports[1].name'],
    [
      'one fixed host port twice',
      { ports: [port({ hostPort: 80 }), port({ name: 'b', hostPort: 80 })] },
      'workload.ports[1].hostPort',
    ],
    [
      'a container port unlike the host port in host mode',
      { ports: [port({ hostPort: 80, containerPort: 8080 })] },
      'workload.ports[0].containerPort',
    ],
    ['ports on network none', { network: 'none' }, 'workload.ports'],
    [
      'a check of two kinds',
      { health: { ...http, tcp: { port: 'http' } } as WorkloadSpec['health'] },
      'workload.health',
    ],
    ['a check of no kind', { health: { interval: '1s' } as WorkloadSpec['health'] }, 'workload.health'],
    [
      'a check naming an unknown port',
      { health: { http: { port: 'admin', path: '/' } } as WorkloadSpec['health'] },
      'workload.health.http.port',
    ],
    [
      'a negative failure threshold',
      { health: { ...http, failureThreshold: -1 } as WorkloadSpec['health'] },
      'workload.health.failureThreshold',
    ],
    [
      'an unparsable interval',
      { health: { ...http, interval: 'soon' } as WorkloadSpec['health'] },
      'workload.health.interval',
    ],
    [
      'an exec check without a command',
      { health: { exec: { command: [] } } as unknown as WorkloadSpec['health'] },
      'workload.health.exec.command',
    ],
    [
      'maxSurge and maxUnavailable both 0',
      { update: { maxSurge: 0, maxUnavailable: 0 } as WorkloadSpec['update'] },
      'workload.update.maxUnavailable',
    ],
    ['a negative maxSurge', { update: { maxSurge: -1 } as WorkloadSpec['update'] }, 'workload.update.maxSurge'],
    [
      'an unparsable progress deadline',
      { update: { progressDeadline: 'whenever' } as WorkloadSpec['update'] },
      'workload.update.progressDeadline',
    ],
    ['an unparsable stop grace period', { stopGracePeriod: 'long' }, 'workload.stopGracePeriod'],
    [
      'a relative bind source',
      { mounts: [{ type: 'bind', source: 'data', target: '/data', readOnly: false }] },
      'workload.mounts[0].source',
    ],
    [
      'a relative target',
      { mounts: [{ type: 'volume', source: 'data', target: 'data', readOnly: false }] },
      'workload.mounts[0].target',
    ],
    [
      'an unknown mount type',
      { mounts: [{ type: 'nfs' as 'bind', source: '/x', target: '/data', readOnly: false }] },
      'workload.mounts[0].type',
    ],
    [
      'two mounts on one target',
      {
        mounts: [
          { type: 'tmpfs', source: '', target: '/t', readOnly: false },
          { type: 'tmpfs', source: '', target: '/t/', readOnly: false },
        ],
      },
      'workload.mounts[1].target',
    ],
  ])('refuses %s, naming the field', (_what, extra, field) => {
    expect(refusal(extra).field).toBe(field);
  });

  it('keeps what is valid as given: ports, checks, update policy, mounts', () => {
    const s = validateSpec(
      base({
        network: 'bridge',
        ports: [port({ containerPort: 8080 }), port({ name: 'admin', hostPort: 20500, publish: 30080 })],
        health: {
          exec: { command: ['true'] },
          interval: '500ms',
          failureThreshold: 2,
        } as unknown as WorkloadSpec['health'],
        update: { maxSurge: 0, maxUnavailable: 1, autoRollback: true } as WorkloadSpec['update'],
        mounts: [
          { type: 'volume', source: 'data', target: '/data/', readOnly: false },
          { type: 'bind', source: '/srv/static', target: '/www', readOnly: true },
          { type: 'tmpfs', source: '', target: '/tmp', readOnly: false },
        ],
        stopGracePeriod: '30s',
      }),
    );
    expect(s.ports).toEqual([
      { name: 'http', hostPort: 0, containerPort: 8080, publish: 0 },
      { name: 'admin', hostPort: 20500, containerPort: 0, publish: 30080 },
    ]);
    expect(s.health).toMatchObject({ exec: { command: ['true'] }, interval: '500ms', failureThreshold: 2 });
    expect(s.update).toMatchObject({ maxSurge: 0, maxUnavailable: 1, autoRollback: true });
    expect(s.mounts.map((m) => m.target)).toEqual(['/data', '/www', '/tmp']);
    expect(s.stopGracePeriod).toBe('30s');
  });
});
