import { describe, expect, it } from 'vitest';
import type { WorkloadSpec } from '@coxswain/shared';
import type { ContainerRecord, NodeRecord, ReplicaRecord, WorkloadRecord } from '../model';
import { newReplica } from '../replica';
import { endpointSet } from './endpoint-set';
import { clusterServices, meshTable } from './mesh-table';
import { EndpointRevisions } from './revisions';

const NOW = 1_000_000;

function workload(name: string, replicas: number, extra: Partial<WorkloadSpec> = {}): WorkloadRecord {
  const spec = { name, image: 'busybox', replicas, health: null, ports: [], ...extra } as WorkloadSpec;
  return { name, spec, generation: 1, createdAt: 0, updatedAt: 0 };
}

const node = (name: string, extra: Partial<NodeRecord> = {}): NodeRecord =>
  ({ name, address: '', state: 'READY', lastSeen: NOW, ...extra }) as NodeRecord;

const replica = (w: string, id: number, at: string, epoch: number, extra: Partial<ReplicaRecord> = {}) =>
  newReplica(workload(w, 1), id, { node: at, epoch, ...extra });

const container = (at: string, w: string, id: number, epoch: number, extra: Partial<ContainerRecord> = {}) =>
  ({
    node: at,
    containerId: `c-${w}-${id}-${epoch}`,
    workload: w,
    replica: id,
    epoch,
    state: 'running',
    health: '',
    ...extra,
  }) as ContainerRecord;

const check = {
  http: null,
  tcp: null,
  exec: { command: ['true'] },
  interval: '1s',
  timeout: '1s',
  failureThreshold: 3,
  startPeriod: '0s',
};
const web = workload('web', 3, {
  health: check,
  ports: [
    { name: 'http', hostPort: 8080, containerPort: 0, publish: 0 },
    { name: 'admin', hostPort: 9090, containerPort: 0, publish: 0 },
  ],
});

function setOf(replicas: ReplicaRecord[], containers: ContainerRecord[], nodes: NodeRecord[], w = web) {
  return endpointSet({
    now: NOW,
    lateAfterMs: 2000,
    workload: w,
    replicas,
    containers,
    nodes: new Map(nodes.map((n) => [n.name, n])),
    // As the control plane allocates them: here every replica holds the spec's fixed ports.
    portsOf: () =>
      (w.spec.ports ?? []).map((p) => ({
        name: p.name,
        hostPort: p.hostPort,
        containerPort: p.containerPort || p.hostPort,
      })),
  });
}

const healthy = { health: 'healthy' };

describe('endpointSet', () => {
  const nodes = [node('a', { address: '10.0.0.1' }), node('b', { address: '10.0.0.2' })];

  it('lists each running, ready replica once per port, at its node’s address', () => {
    const set = setOf([replica('web', 0, 'a', 5)], [container('a', 'web', 0, 5, healthy)], nodes);
    expect(set).toEqual([
      { replica: 0, node: 'a', address: '10.0.0.1', port: 9090, portName: 'admin' },
      { replica: 0, node: 'a', address: '10.0.0.1', port: 8080, portName: 'http' },
    ]);
  });

  it('leaves out replicas not yet passing, failing, exited, retiring or with a stale container', () => {
    const replicas = [
      replica('web', 0, 'a', 5),
      replica('web', 1, 'a', 6),
      replica('web', 2, 'b', 7),
      replica('web', 3, 'b', 8, { desired: 'stop' }),
      replica('web', 4, 'b', 9),
      replica('web', 5, 'a', 10),
    ];
    const containers = [
      container('a', 'web', 0, 5, { health: 'starting' }),
      container('a', 'web', 1, 6, { health: 'unhealthy' }),
      container('b', 'web', 2, 7, { health: 'healthy', state: 'exited' }),
      container('b', 'web', 3, 8, healthy),
      container('b', 'web', 4, 3, healthy),
      container('a', 'web', 5, 10, healthy),
    ];
    expect(setOf(replicas, containers, nodes).map((e) => e.replica)).toEqual([5, 5]);
  });

  it('leaves out replicas on nodes that are DOWN, late with their heartbeat, or whose engine does not answer', () => {
    const replicas = [replica('web', 0, 'a', 5), replica('web', 1, 'b', 6)];
    const containers = [container('a', 'web', 0, 5, healthy), container('b', 'web', 1, 6, healthy)];
    expect(setOf(replicas, containers, [node('a', { state: 'DOWN' }), node('b', { lastSeen: NOW - 2001 })])).toEqual(
      [],
    );
    const engineDown = { type: 'ENGINE_DOWN' as const, message: 'ping timed out after 2000 ms', since: NOW - 100 };
    expect(
      setOf(replicas, containers, [node('a', { conditions: [engineDown] }), node('b')]).map((e) => e.node),
    ).toEqual(['b', 'b']);
    expect(setOf(replicas, containers, [node('a'), node('b', { lastSeen: NOW - 2000 })])).toHaveLength(4);
  });

  it('counts a replica without a check ready once it runs; without ports it is one entry', () => {
    const plain = workload('plain', 1);
    const set = setOf([replica('plain', 0, 'a', 5)], [container('a', 'plain', 0, 5)], nodes, plain);
    expect(set).toEqual([{ replica: 0, node: 'a', address: '10.0.0.1', port: 0, portName: '' }]);
  });
});

describe('EndpointRevisions', () => {
  it('grows on each change only, per workload, and above the clock', () => {
    let now = 1000;
    const revs = new EndpointRevisions(() => now);
    const e = { replica: 0, node: 'a', address: '', port: 0, portName: '' };
    expect(revs.revise('web', [])).toBe(1000);
    expect(revs.revise('web', [])).toBe(1000);
    expect(revs.revise('web', [e])).toBe(1001);
    now = 5000;
    expect(revs.revise('web', [e])).toBe(1001);
    expect(revs.revise('web', [])).toBe(5000);
    // A new process (a restart) starts above everything issued before, its clock having moved on.
    now = 6000;
    expect(new EndpointRevisions(() => now).revise('web', [])).toBeGreaterThan(5000);
  });
});

describe('meshTable', () => {
  const published = workload('web', 2, {
    health: check,
    ports: [
      { name: 'http', hostPort: 0, containerPort: 0, publish: 30080 },
      { name: 'admin', hostPort: 0, containerPort: 0, publish: 0 },
    ],
  });
  const api = workload('api', 1, { ports: [{ name: 'grpc', hostPort: 0, containerPort: 0, publish: 30070 }] });
  const held = (r: ReplicaRecord, http: number, admin: number): ReplicaRecord => ({
    ...r,
    ports: [
      { name: 'http', hostPort: http, containerPort: 0 },
      { name: 'admin', hostPort: admin, containerPort: 0 },
    ],
  });
  const replicas = [held(replica('web', 0, 'a', 5), 20001, 20002), held(replica('web', 1, 'b', 6), 20005, 20006)];
  const containers = [container('a', 'web', 0, 5, healthy), container('b', 'web', 1, 6, healthy)];
  const input = (nodes: NodeRecord[], extra: { now?: number; heardSince?: number } = {}) => ({
    now: extra.now ?? NOW,
    lateAfterMs: 2000,
    heardSince: extra.heardSince,
    workloads: [published, api, workload('quiet', 1)],
    replicasOf: (w: string) => (w === 'web' ? replicas : []),
    containersOf: (w: string) => (w === 'web' ? containers : []),
    nodes: new Map(nodes.map((n) => [n.name, n])),
  });

  it('lists every published port by port, each with the ready endpoints of its own port name', () => {
    const table = meshTable(input([node('a', { address: '10.0.0.1' }), node('b', { address: '10.0.0.2' })]));
    expect(table).toEqual([
      { publish: 30070, workload: 'api', portName: 'grpc', endpoints: [] },
      {
        publish: 30080,
        workload: 'web',
        portName: 'http',
        endpoints: [
          { replica: 0, node: 'a', address: '10.0.0.1', port: 20001 },
          { replica: 1, node: 'b', address: '10.0.0.2', port: 20005 },
        ],
      },
    ]);
    expect(clusterServices([published, api]).map((s) => s.publish)).toEqual([30070, 30080]);
  });

  it('drops a late node at once, but not for silence from before the control plane started', () => {
    const nodes = [node('a', { address: '10.0.0.1' }), node('b', { address: '10.0.0.2', lastSeen: NOW - 60_000 })];
    const eps = (t: ReturnType<typeof meshTable>) => t.find((s) => s.publish === 30080)?.endpoints.map((e) => e.node);
    expect(eps(meshTable(input(nodes)))).toEqual(['a']);
    // Just restarted: b has not had the time to send a heartbeat to this control plane yet.
    expect(eps(meshTable(input(nodes, { heardSince: NOW - 500 })))).toEqual(['a', 'b']);
    expect(eps(meshTable(input(nodes, { heardSince: NOW - 2500 })))).toEqual(['a']);
  });
});
