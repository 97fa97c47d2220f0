import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import type { ContainerRecord, WorkloadRecord } from '../model';
import { newReplica } from '../replica';
import { ApiError } from './api-error';
import { resolveTarget } from './sessions';

const workload: WorkloadRecord = {
  name: 'web',
  spec: {
    name: 'web',
    image: 'coxswain/busybox:1',
    command: [],
    env: {},
    replicas: 3,
    resources: { cpuMillis: 100, memoryBytes: 32 << 20 },
    labels: {},
    constraints: [],
    restartPolicy: 'always',
    disconnect: 'keep',
  },
  generation: 1,
  createdAt: 0,
  updatedAt: 0,
};

const replicas = [
  newReplica(workload, 0, { node: 'h1', epoch: 5 }),
  newReplica(workload, 1, { reason: '0/1 nodes available: 1 insufficient cpu' }),
  newReplica(workload, 2, { node: 'h1', epoch: 7 }),
];

const container = (replica: number, epoch: number, state: string): ContainerRecord => ({
  containerId: `${replica}`.repeat(64),
  workload: 'web',
  replica,
  epoch,
  generation: 1,
  state,
  exitCode: state === 'exited' ? 1 : 0,
  startedAt: 1,
  finishedAt: 0,
  node: 'h1',
  changedAt: 0,
});

const store = {
  getWorkload: (name: string) => (name === 'web' ? workload : undefined),
  replicasOf: () => replicas,
  // Replica 0 runs; replica 2's container exited (and an older copy of it lingers).
  containersOfWorkload: () => [container(0, 5, 'running'), container(2, 6, 'running'), container(2, 7, 'exited')],
};

function refusal(fn: () => unknown): [grpc.status, string] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    return [(err as ApiError).code, (err as ApiError).message];
  }
  throw new Error('expected a refusal');
}

describe('resolveTarget', () => {
  it("finds a replica's node and its own current container", () => {
    expect(resolveTarget(store, 'web', 0, 'running')).toEqual({
      workload: 'web',
      replica: 0,
      node: 'h1',
      containerId: '0'.repeat(64),
    });
    // Logs of an exited container are still there to read; a command needs it running.
    expect(resolveTarget(store, 'web', 2, 'container').containerId).toBe('2'.repeat(64));
    expect(refusal(() => resolveTarget(store, 'web', 2, 'running'))).toEqual([
      grpc.status.FAILED_PRECONDITION,
      'replica web/2 is EXITED (exit code 1): a command runs only in a RUNNING container',
    ]);
  });

  it('names what is missing or why the replica has no container', () => {
    expect(refusal(() => resolveTarget(store, 'db', 0, 'container'))).toEqual([
      grpc.status.NOT_FOUND,
      'workload "db" not found',
    ]);
    expect(refusal(() => resolveTarget(store, 'web', 7, 'container'))).toEqual([
      grpc.status.NOT_FOUND,
      'replica web/7 not found',
    ]);
    expect(refusal(() => resolveTarget(store, 'web', 1, 'container'))).toEqual([
      grpc.status.FAILED_PRECONDITION,
      'replica web/1 is PENDING (0/1 nodes available: 1 insufficient cpu): it has no container yet',
    ]);
  });
});
