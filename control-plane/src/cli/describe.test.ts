import { describe, expect, it } from 'vitest';
import type { EventMsg, NodeMsg, ReplicaStatus, WorkloadMsg } from '@coxswain/shared';
import { describeNode, describeWorkload } from './describe';
import { nodesTable } from './format';
import { rolloutWait } from './rollout';
import { refusalLine } from './apply';
import { parseManifest } from './manifest';

const replica = (over: Partial<ReplicaStatus>): ReplicaStatus => ({
  id: 0,
  node: '',
  state: 'RUNNING',
  reason: '',
  epoch: 1,
  generation: 1,
  containerId: '',
  exitCode: 0,
  restarts: 0,
  ready: false,
  health: '',
  ports: [],
  ...over,
});

const workload = (replicas: ReplicaStatus[], generation = 1): WorkloadMsg => ({
  spec: {
    name: 'web',
    image: 'coxswain/busybox:1',
    command: ['sh', '-c', 'echo hi; sleep 1000'],
    env: { MODE: 'prod' },
    replicas: replicas.length,
    resources: { cpuMillis: 250, memoryBytes: 64 << 20 },
    labels: {},
    constraints: ['node.labels.zone == a'],
    restartPolicy: 'always',
    disconnect: 'keep',
  },
  generation,
  status: {
    desired: replicas.length,
    running: replicas.filter((r) => r.state === 'RUNNING').length,
    pending: replicas.filter((r) => r.state === 'PENDING').length,
    replicas,
  },
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
});

const event: EventMsg = {
  seq: 3,
  time: '2026-12-01T10:00:00.000Z',
  type: 'replica.pending',
  node: '',
  workload: 'web',
  replica: 1,
  message: 'x',
  epoch: 0,
};

describe('describe', () => {
  it('shows each replica with node, state, restarts and reason, and why the pending ones wait', () => {
    const why = '0/3 nodes available: 3 insufficient cpu (need 250m cpu, most free 100m)';
    const text = describeWorkload(
      workload([
        replica({ id: 0, node: 'h1', containerId: 'abcdef0123456789', restarts: 2, ready: true }),
        replica({ id: 1, state: 'PENDING', reason: why }),
        replica({ id: 2, state: 'PENDING', reason: why }),
      ]),
      [event],
      Date.parse('2026-12-01T10:00:30.000Z'),
    );
    expect(text).toMatch(/^Name: +web$/m);
    expect(text).toMatch(/^Command: +sh -c "echo hi; sleep 1000"$/m);
    expect(text).toMatch(/^ {2}0 +h1 +RUNNING +yes +1 +2 +abcdef012345$/m);
    expect(text).toContain(`replicas 1, 2: ${why}`);
    expect(text).toMatch(/30s +replica\.pending +web\/1 +- +x/);
  });

  it('lists the replicas a node holds', () => {
    const node = {
      name: 'h1',
      address: '10.0.0.1',
      state: 'READY',
      capacity: { cpuMillis: 2000, memoryBytes: 2 << 30 },
      allocated: { cpuMillis: 250, memoryBytes: 64 << 20 },
      usage: { cpuPercent: 12, memoryUsedBytes: 1 << 30 },
      labels: { zone: 'a' },
      lastHeartbeat: '2026-12-01T10:00:00.000Z',
      cordoned: true,
      draining: false,
      replicas: 1,
      agentVersion: '0.1.0',
    } as NodeMsg;
    const text = describeNode(node, [workload([replica({ node: 'h1' })])], [], Date.parse('2026-12-01T10:00:01Z'));
    expect(text).toMatch(/^Schedulable: +no \(cordoned\)$/m);
    expect(text).toMatch(/web\/0 +RUNNING +250m +64Mi/);
    expect(text).toContain('Events:  <none>');
    expect(text).toContain('Conditions:  <none>');
  });

  it('shows a node whose engine does not answer as not schedulable, with the condition and since when', () => {
    const node = {
      name: 'h2',
      address: '10.0.0.2',
      state: 'NOT_READY',
      labels: {},
      lastHeartbeat: '2026-12-01T10:00:00.000Z',
      cordoned: false,
      draining: false,
      conditions: [{ type: 'ENGINE_DOWN', message: 'ping timed out after 2000 ms', since: '2026-12-01T09:59:30.000Z' }],
    } as NodeMsg;
    const text = describeNode(node, [], [], Date.parse('2026-12-01T10:00:00Z'));
    expect(text).toMatch(/^State: +NOT_READY$/m);
    expect(text).toMatch(/^Schedulable: +no \(not ready\)$/m);
    expect(text).toMatch(/^ {2}ENGINE_DOWN +30s ago +ping timed out after 2000 ms$/m);
  });

  it('shows a node whose mesh cannot bind a port as READY and schedulable, naming the port', () => {
    const node = {
      name: 'h3',
      address: '10.0.0.3',
      state: 'READY',
      labels: {},
      lastHeartbeat: '2026-12-01T10:00:00.000Z',
      cordoned: false,
      draining: false,
      conditions: [{ type: 'PORT_UNAVAILABLE', message: '30081: address in use', since: '2026-12-01T09:59:50.000Z' }],
    } as NodeMsg;
    const now = Date.parse('2026-12-01T10:00:00Z');
    const text = describeNode(node, [], [], now);
    expect(text).toMatch(/^Schedulable: +yes$/m);
    expect(text).toMatch(/^ {2}PORT_UNAVAILABLE +10s ago +30081: address in use$/m);
    expect(nodesTable([node], now, true)).toMatch(/PORT_UNAVAILABLE\(30081\)/);
  });
});

describe('rollout status', () => {
  const rolling = (state: string, message: string, replicas = [replica({})]): WorkloadMsg => {
    const w = workload(replicas);
    return { ...w, status: { ...w.status, rollout: { state, updated: 0, ready: 0, old: 0, message } } };
  };

  it('follows the rollout state: done when complete, waiting while it progresses or is paused', () => {
    expect(rolloutWait(rolling('complete', ''))).toBeUndefined();
    expect(rolloutWait(rolling('progressing', '1 of 2 replicas ready on generation 2, 1 on older ones'))).toBe(
      '1 of 2 replicas ready on generation 2, 1 on older ones',
    );
    expect(rolloutWait(rolling('paused', 'paused: 0 of 1'))).toBe('paused: 0 of 1');
    const pending = rolling('progressing', '0 of 1 replicas ready', [replica({ state: 'PENDING', reason: 'no room' })]);
    expect(rolloutWait(pending)).toBe('0 of 1 replicas ready; replica 0 pending: no room');
  });

  it('fails when the rollout failed or stalled, saying why', () => {
    expect(() => rolloutWait(rolling('stalled', 'maxUnavailable is 0 and no surge copy can be placed: x'))).toThrow(
      'workload/web rollout stalled: maxUnavailable is 0 and no surge copy can be placed: x',
    );
    expect(() => rolloutWait(rolling('failed', 'generation 2: no replica became ready within 1m'))).toThrow(
      /rollout failed: generation 2/,
    );
  });
});

describe('apply refusals', () => {
  it("point at the line of the field the server's message names", () => {
    const [doc] = parseManifest('name: a\nimage: x\nresources:\n  cpuMillis: 0\ncommand: [a, b, ""]\n', 'a.yaml');
    expect(refusalLine(doc, 'INVALID_ARGUMENT: workload.resources.cpuMillis: must be positive')).toBe(4);
    expect(refusalLine(doc, 'INVALID_ARGUMENT: workload.command[2]: must not be empty')).toBe(5);
    expect(refusalLine(doc, 'INTERNAL: something else')).toBe(1);
  });
});
