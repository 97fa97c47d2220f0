// The one phase of a replica and the views taken of it.
import { describe, expect, it } from 'vitest';
import type { ContainerRecord, ReplicaRecord, WorkloadRecord } from '../model';
import { isCurrentContainer, isOwnContainer, runningReplicas } from './current';
import { newReplica } from './new-replica';
import { isSettled, replicaPhase, replicaStage, unsettledWorkloads } from './phase';

const w = (restartPolicy: 'always' | 'never' | 'on-failure' = 'always'): WorkloadRecord => ({
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
    restartPolicy,
    disconnect: 'keep',
  },
});
const r = (patch: Partial<ReplicaRecord> = {}) => newReplica(w(), 0, { node: 'a', epoch: 5, ...patch });
const c = (patch: Partial<ContainerRecord> = {}): ContainerRecord => ({
  node: 'a',
  containerId: 'c1',
  workload: 'web',
  replica: 0,
  epoch: 5,
  generation: 1,
  state: 'running',
  exitCode: 0,
  startedAt: 0,
  finishedAt: 0,
  changedAt: 0,
  ...patch,
});

describe('replica phase', () => {
  it('stages a slot from its desired state: retiring before moving before placed or pending', () => {
    expect(replicaStage(r({ desired: 'stop', replaces: 1 }))).toBe('retiring');
    expect(replicaStage(r({ replaces: 1 }))).toBe('moving');
    expect(replicaStage(r())).toBe('placed');
    expect(replicaStage(r({ node: null }))).toBe('pending');
  });

  it('reads the run state off the current container, then the last failure, then the reason', () => {
    expect(replicaPhase(r({ desired: 'stop' }), w(), c())).toEqual({ stage: 'retiring' });
    expect(replicaPhase(r({ node: null, reason: 'no room' }), w(), undefined)).toEqual({
      stage: 'pending',
      reason: 'no room',
    });
    expect(replicaPhase(r(), w(), c())).toMatchObject({ stage: 'placed', run: 'running', reason: '' });
    const exited = c({ state: 'exited', exitCode: 0 });
    expect(replicaPhase(r(), w(), exited)).toMatchObject({ run: 'exited', reason: 'exit code 0' });
    expect(replicaPhase(r(), w('on-failure'), exited)).toMatchObject({ run: 'completed' });
    expect(replicaPhase(r(), w('never'), c({ state: 'dead', exitCode: 1 }))).toMatchObject({ run: 'completed' });
    const failed = r({ failures: 1, failReason: 'pull failed', reason: 'x' });
    expect(replicaPhase(failed, w(), undefined)).toMatchObject({ run: 'failed', reason: 'pull failed' });
    expect(replicaPhase(r({ reason: 'waiting' }), w(), c({ state: 'created' }))).toMatchObject({
      run: 'starting',
      reason: 'waiting',
    });
    expect(replicaPhase(r({ replaces: 3 }), w(), undefined)).toMatchObject({ stage: 'moving', node: 'a' });
  });

  it('settles only placed replicas whose current container runs', () => {
    const running = new Set(['web/0']);
    expect(isSettled(r(), running)).toBe(true);
    expect(isSettled(r(), new Set())).toBe(false);
    expect(isSettled(r({ replaces: 1 }), running)).toBe(false);
    expect(isSettled(r({ desired: 'stop' }), running)).toBe(false);
    expect(unsettledWorkloads([r()], running)).toEqual(new Set());
    expect(unsettledWorkloads([r()], running, () => false)).toEqual(new Set(['web']));
  });
});

describe('current container', () => {
  it('is the container of the replica node and epoch, while the replica wants to run', () => {
    expect(isCurrentContainer(r(), c())).toBe(true);
    expect(isCurrentContainer(r(), c({ epoch: 4 }))).toBe(false);
    expect(isCurrentContainer(r(), c({ node: 'b' }))).toBe(false);
    expect(isCurrentContainer(r({ desired: 'stop' }), c())).toBe(false);
    expect(isOwnContainer(r({ desired: 'stop' }), c())).toBe(true);
  });

  it('lists the replicas whose current container is running', () => {
    expect(runningReplicas([r()], [c(), c({ epoch: 4, containerId: 'old' })])).toEqual(new Set(['web/0']));
    expect(runningReplicas([r()], [c({ state: 'exited' })])).toEqual(new Set());
    expect(runningReplicas([r({ desired: 'stop' })], [c()])).toEqual(new Set());
  });
});
