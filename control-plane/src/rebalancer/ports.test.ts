// Voluntary moves respect host ports: a move to a node where the replica's fixed port is taken
// is no move, and a move that happens lands where the port is free.
import type { PortSpec, WorkloadSpec } from '@coxswain/shared';
import { describe, expect, it } from 'vitest';
import type { NodeRecord, ReplicaRecord, WorkloadRecord } from '../model';
import { newReplica } from '../replica';
import { planMoves } from './plan';

const fixed: PortSpec = { name: 'web', hostPort: 8080, containerPort: 0, publish: 0 };

const node = (name: string, draining = false): NodeRecord => ({
  name,
  address: '',
  labels: {},
  cpuMillis: 1000,
  memoryBytes: 1 << 30,
  usageCpuPercent: 0,
  usageMemoryBytes: 0,
  state: 'READY',
  lastSeen: 0,
  cordoned: false,
  draining,
  agentVersion: '',
  registeredAt: 0,
});

const workload = (name: string): WorkloadRecord => ({
  name,
  spec: {
    name,
    image: 'img',
    command: [],
    env: {},
    replicas: 1,
    resources: { cpuMillis: 100, memoryBytes: 1 << 20 },
    labels: {},
    constraints: [],
    restartPolicy: 'always',
    disconnect: 'keep',
    ports: [fixed],
  } as unknown as WorkloadSpec,
  generation: 1,
  createdAt: 0,
  updatedAt: 0,
});

/** Replica 0 of the workload, on `at`, holding port 8080 there. */
const holding = (w: WorkloadRecord, at: string, epoch: number): ReplicaRecord =>
  newReplica(w, 0, { node: at, epoch, ports: [{ name: 'web', hostPort: 8080, containerPort: 0 }] });

function plan(placed: [WorkloadRecord, string][]) {
  const replicas = placed.map(([w, at], i) => holding(w, at, i + 1));
  return planMoves({
    nodes: [node('a', true), node('b'), node('c')],
    workloads: placed.map(([w]) => w),
    replicas,
    running: new Set(replicas.map((r) => `${r.workload}/${r.id}`)),
    maxMoves: 5,
  });
}

describe('rebalancer: host ports', () => {
  it('drains a fixed-port replica only to a node where its port is free', () => {
    const [web, other, third] = [workload('web'), workload('other'), workload('third')];
    // b holds the port for another workload: the only move is to c.
    expect(
      plan([
        [web, 'a'],
        [other, 'b'],
      ]),
    ).toEqual([expect.objectContaining({ workload: 'web', from: 'a', to: 'c' })]);
    // The port is taken on b and c: no move at all.
    expect(
      plan([
        [web, 'a'],
        [other, 'b'],
        [third, 'c'],
      ]),
    ).toEqual([]);
  });
});
