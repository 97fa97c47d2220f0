// ListGenerations and RollbackWorkload: a workload's kept history and the return to one of its
// generations. The handlers here are plain functions; the service wraps them like every other.
import * as grpc from '@grpc/grpc-js';
import type { Logger, WorkloadMsg, WorkloadSpec } from '@coxswain/shared';
import { rollbackWorkload } from '../model';
import type { Controller } from '../controller';
import type { ClusterStore } from '../store';
import { ValidationError, validateName } from '../validation';
import { ApiError } from './api-error';
import { timestamp } from './render';

interface GenerationMsg {
  generation: number;
  spec: WorkloadSpec;
  createdAt: string;
  cause: string;
}

export interface RolloutDeps {
  store: ClusterStore;
  log: Logger;
  controller: Pick<Controller, 'settle'>;
}

export interface RolloutHandlers {
  listGenerations(req: { name: string }): { generations: GenerationMsg[] };
  rollback(req: { name: string; toGeneration: number | string }): Promise<WorkloadMsg>;
}

export function rolloutHandlers(deps: RolloutDeps, workloadView: (name: string) => WorkloadMsg): RolloutHandlers {
  const { store, log } = deps;
  return {
    listGenerations(req: { name: string }) {
      const name = validateName(req.name);
      if (!store.getWorkload(name)) throw new ApiError(grpc.status.NOT_FOUND, `workload "${name}" not found`);
      return {
        generations: store.listGenerations(name).map((g) => ({
          generation: g.generation,
          spec: g.spec,
          createdAt: timestamp(g.createdAt),
          cause: g.cause,
        })),
      };
    },

    async rollback(req: { name: string; toGeneration: number | string }) {
      const name = validateName(req.name);
      const to = Number(req.toGeneration ?? 0);
      if (!Number.isSafeInteger(to) || to < 0)
        throw new ValidationError(
          'toGeneration',
          `must be 0 (the previous generation) or a generation (got ${req.toGeneration})`,
        );
      const result = rollbackWorkload(store, name, to, (target) => `rollback to ${target}`);
      if (result.kind === 'no-workload') throw new ApiError(grpc.status.NOT_FOUND, `workload "${name}" not found`);
      if (result.kind === 'no-generation')
        throw new ApiError(
          grpc.status.NOT_FOUND,
          to > 0
            ? `workload "${name}" has no generation ${to} in its history`
            : `workload "${name}" has no generation before the current one`,
        );
      log.info(
        {
          workload: name,
          from: result.from,
          to: result.to,
          generation: result.workload.generation,
          changed: result.changed,
        },
        'workload rolled back',
      );
      if (result.changed) await deps.controller.settle();
      return workloadView(name);
    },
  };
}
