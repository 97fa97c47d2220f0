// Table tests of the settle rule: which nodes are trusted with voluntary moves again.
import { describe, expect, it } from 'vitest';
import type { ContainerRecord, NodeRecord } from '../model';
import { newReplica } from './new-replica';
import { isSettledNode, unsettledNodes } from './settled';
import type { WorkloadRecord } from '../model';

const NOW = 100_000;
const SETTLE = 10_000;

const node = (extra: Partial<NodeRecord> = {}): NodeRecord => ({
  name: 'h',
  address: '',
  labels: {},
  cpuMillis: 1000,
  memoryBytes: 1 << 30,
  usageCpuPercent: 0,
  usageMemoryBytes: 0,
  state: 'READY',
  lastSeen: NOW,
  cordoned: false,
  draining: false,
  agentVersion: '',
  registeredAt: 0,
  ...extra,
});

describe('isSettledNode', () => {
  const cases: { name: string; node: NodeRecord; stale?: boolean; settled: boolean }[] = [
    { name: 'READY for longer than the settle time', node: node({ readySince: NOW - SETTLE }), settled: true },
    { name: 'READY since an unknown time', node: node(), settled: true },
    { name: 'back for less than the settle time', node: node({ readySince: NOW - SETTLE + 1 }), settled: false },
    { name: 'DOWN', node: node({ state: 'DOWN', readySince: 0 }), settled: false },
    {
      name: 'steady but its engine does not answer',
      node: node({ readySince: 0, conditions: [{ type: 'ENGINE_DOWN', message: 'timeout', since: NOW - 1 }] }),
      settled: false,
    },
    {
      name: 'steady with a condition that does not block',
      node: node({ readySince: 0, conditions: [{ type: 'PORT_UNAVAILABLE', message: '8080', since: NOW - 1 }] }),
      settled: true,
    },
    { name: 'steady but a stale copy still runs there', node: node({ readySince: 0 }), stale: true, settled: false },
  ];
  it.each(cases)('$name: $settled', (c) => {
    expect(isSettledNode(c.node, { now: NOW, settleMs: SETTLE, hasStaleCopy: !!c.stale })).toBe(c.settled);
  });

  it('waits for nothing without a settle time', () => {
    expect(isSettledNode(node({ readySince: NOW }), { now: NOW, hasStaleCopy: false })).toBe(true);
  });
});

describe('unsettledNodes', () => {
  const w: WorkloadRecord = {
    name: 'web',
    generation: 1,
    createdAt: 0,
    updatedAt: 0,
    spec: {
      name: 'web',
      image: 'img',
      command: [],
      env: {},
      replicas: 1,
      resources: { cpuMillis: 100, memoryBytes: 1 << 20 },
      labels: {},
      constraints: [],
      restartPolicy: 'always',
      disconnect: 'keep',
    },
  };
  const c = (at: string, epoch: number, extra: Partial<ContainerRecord> = {}): ContainerRecord => ({
    node: at,
    containerId: `${at}-${epoch}`,
    workload: 'web',
    replica: 0,
    epoch,
    generation: 1,
    state: 'running',
    exitCode: 0,
    startedAt: 0,
    finishedAt: 0,
    changedAt: 0,
    ...extra,
  });
  const nodes = [node({ name: 'a' }), node({ name: 'b' }), node({ name: 'c', state: 'DOWN' })];

  it('names the READY nodes where a replaced copy still runs, not those with its current one', () => {
    const replicas = [newReplica(w, 0, { node: 'b', epoch: 7 })];
    const input = { nodes, replicas, now: NOW, settleMs: SETTLE };
    expect(unsettledNodes({ ...input, containers: [c('a', 5), c('b', 7)] })).toEqual(new Set(['a']));
    // Gone (exited) is no longer in the way; nor is anything on a node that is not READY.
    expect(unsettledNodes({ ...input, containers: [c('a', 5, { state: 'exited' }), c('b', 7)] })).toEqual(new Set());
    expect(unsettledNodes({ ...input, containers: [c('c', 5), c('b', 7)] })).toEqual(new Set());
  });

  it('does not count a copy left behind on purpose (an in-place rollout) as stale', () => {
    const replicas = [newReplica({ ...w, generation: 2 }, 0, { node: 'a', epoch: 8 })];
    const containers = [c('a', 5), c('a', 8, { generation: 2 })];
    expect(unsettledNodes({ nodes, replicas, containers, now: NOW, settleMs: SETTLE })).toEqual(new Set());
  });

  it('names a node back since less than the settle time', () => {
    const back = [node({ name: 'a', readySince: NOW - 3000 }), node({ name: 'b', readySince: NOW - 30_000 })];
    expect(unsettledNodes({ nodes: back, replicas: [], containers: [], now: NOW, settleMs: SETTLE })).toEqual(
      new Set(['a']),
    );
  });
});
