import * as grpc from '@grpc/grpc-js';
import type { Logger, WorkloadMsg, WorkloadSpec } from '@coxswain/shared';
import { applyWorkload, flagsEvent, planWorkloadWrite } from '../model';
import type { Controller } from '../controller';
import { ApiError } from './api-error';
import type { Dispatcher } from '../dispatcher';
import type { Relay } from '../relay';
import type { Security } from '../security';
import type { ClusterStore } from '../store';
import { renderEvent, renderNode, renderWorkload } from './render';
import { rolloutHandlers } from './rollouts';
import { sessionHandlers } from './sessions';
import type { NodeListEncoder } from './node-list';
import { unary } from './unary';
import { watchEvents } from './watch-events';
import {
  ValidationError,
  checkPublishUnique,
  validateName,
  validateNodeName,
  validateReplicas,
  validateSpec,
} from '../validation';

export interface ApiDeps {
  store: ClusterStore;
  log: Logger;
  /** Runs reconciler passes; a pass before answering makes answers show placements at once. */
  controller: Pick<Controller, 'settle' | 'rebalance'>;
  /** Ends a removed node's agent stream. */
  dispatcher: Pick<Dispatcher, 'disconnect'>;
  /** Undefined with --insecure. */
  security?: Pick<Security, 'rotateJoinToken' | 'revokeNode'>;
  /** StreamLogs and Exec, relayed to the replica's agent. */
  relay: Pick<Relay, 'streamLogs' | 'exec'>;
  /** ListNodes' answers, encoded (the service must pass them through: see passEncoded). */
  nodeList: NodeListEncoder;
}

/** Bounds one answer of ListEvents; older events are for WatchEvents with sinceSeq. */
const MAX_LIST_EVENTS = 1000;

/** The handlers of coxswain.v1.ControlPlane. */
export function controlPlaneService(deps: ApiDeps): grpc.UntypedServiceImplementation {
  const { store, log } = deps;

  const nodeView = (name: string) => {
    const n = store.getNode(name);
    if (!n) throw new ApiError(grpc.status.NOT_FOUND, `node "${name}" not found`);
    return renderNode(n, store.nodeTotals(n.name));
  };

  const setNodeFlags = (
    method: string,
    change: (n: { cordoned: boolean; draining: boolean }) => { cordoned: boolean; draining: boolean },
  ) =>
    unary(log, method, async (req: { name: string }) => {
      const name = validateNodeName(req.name);
      const before = store.getNode(name);
      if (!before) throw new ApiError(grpc.status.NOT_FOUND, `node "${name}" not found`);
      const after = change(before);
      store.setNodeFlags(name, after, flagsEvent(name, after));
      log.info({ node: name, ...after }, method);
      await deps.controller.settle();
      return nodeView(name);
    });

  const workloadView = (name: string): WorkloadMsg => {
    const w = store.getWorkload(name);
    if (!w) throw new ApiError(grpc.status.NOT_FOUND, `workload "${name}" not found`);
    return renderWorkload(w, store.replicasOf(name), store.containersOfWorkload(name));
  };

  /** The workload as an apply of `spec` would store it: same generation rule, nothing written. */
  const dryRunView = (spec: WorkloadSpec): WorkloadMsg => {
    const before = store.getWorkload(spec.name);
    const write = planWorkloadWrite(before, spec);
    const now = Date.now();
    const record = {
      name: spec.name,
      spec: write?.spec ?? spec,
      generation: write?.generation ?? before?.generation ?? 1,
      createdAt: before?.createdAt ?? now,
      updatedAt: write ? now : (before?.updatedAt ?? now),
    };
    return renderWorkload(record, before ? store.replicasOf(spec.name) : [], store.containersOfWorkload(spec.name));
  };

  const rollouts = rolloutHandlers(deps, workloadView);

  return {
    ApplyWorkload: unary(log, 'ApplyWorkload', async (req: { workload: WorkloadSpec; dryRun: boolean }) => {
      const spec = validateSpec(req.workload);
      checkPublishUnique(spec, store.listWorkloads());
      if (req.dryRun) return dryRunView(spec);
      const { workload, changed } = applyWorkload(store, spec);
      log.info(
        { workload: spec.name, generation: workload.generation, changed, replicas: spec.replicas },
        'workload applied',
      );
      if (changed) await deps.controller.settle();
      return workloadView(spec.name);
    }),
    GetWorkload: unary(log, 'GetWorkload', (req: { name: string }) => workloadView(validateName(req.name))),
    ListWorkloads: unary(log, 'ListWorkloads', () => {
      const replicas = groupBy(store.listReplicas(), (r) => r.workload);
      const containers = groupBy(store.listContainers(), (c) => c.workload);
      return {
        workloads: store
          .listWorkloads()
          .map((w) => renderWorkload(w, replicas.get(w.name) ?? [], containers.get(w.name) ?? [])),
      };
    }),
    DeleteWorkload: unary(log, 'DeleteWorkload', async (req: { name: string }) => {
      const name = validateName(req.name);
      if (!store.deleteWorkload(name)) throw new ApiError(grpc.status.NOT_FOUND, `workload "${name}" not found`);
      log.info({ workload: name }, 'workload deleted');
      await deps.controller.settle();
      return {};
    }),
    ScaleWorkload: unary(log, 'ScaleWorkload', async (req: { name: string; replicas: number }) => {
      const name = validateName(req.name);
      const replicas = validateReplicas(req.replicas);
      const w = store.getWorkload(name);
      if (!w) throw new ApiError(grpc.status.NOT_FOUND, `workload "${name}" not found`);
      const { changed } = applyWorkload(store, { ...w.spec, replicas });
      log.info({ workload: name, replicas }, 'workload scaled');
      if (changed) await deps.controller.settle();
      return workloadView(name);
    }),
    ListNodes: unary(log, 'ListNodes', () => {
      // Each node's sums as the store keeps them: summing every replica per call cost ListNodes O(replicas).
      const nodes = store.listNodes().map((record) => ({ record, totals: store.nodeTotals(record.name) }));
      return deps.nodeList.encode(nodes);
    }),
    CordonNode: setNodeFlags('CordonNode', (n) => ({ cordoned: true, draining: n.draining })),
    DrainNode: setNodeFlags('DrainNode', () => ({ cordoned: true, draining: true })),
    UncordonNode: setNodeFlags('UncordonNode', () => ({ cordoned: false, draining: false })),
    Rebalance: unary(log, 'Rebalance', (req: { dryRun: boolean }) => ({
      moves: deps.controller
        .rebalance(!!req.dryRun)
        .map((m) => ({ workload: m.workload, replica: m.replica, fromNode: m.from, toNode: m.to, reason: m.reason })),
    })),
    RotateJoinToken: unary(log, 'RotateJoinToken', () => {
      if (!deps.security)
        throw new ApiError(
          grpc.status.FAILED_PRECONDITION,
          'the control plane runs with --insecure: there is no join token',
        );
      const joinToken = deps.security.rotateJoinToken();
      log.info('join token rotated; the old one admits no new agent');
      return { joinToken };
    }),
    RemoveNode: unary(log, 'RemoveNode', async (req: { name: string }) => {
      const name = validateNodeName(req.name);
      const node = store.getNode(name);
      if (!node) throw new ApiError(grpc.status.NOT_FOUND, `node "${name}" not found`);
      if (node.state !== 'DOWN')
        throw new ApiError(
          grpc.status.FAILED_PRECONDITION,
          `node "${name}" is ${node.state}: stop its agent (drain it first to move its replicas) and wait until it is DOWN`,
        );
      const assigned = store.listReplicas().filter((r) => r.node === name).length;
      if (assigned)
        throw new ApiError(
          grpc.status.FAILED_PRECONDITION,
          `node "${name}" still has ${assigned} replica(s) assigned; they are being re-placed, try again shortly`,
        );
      const revokedSerials = deps.security?.revokeNode(name) ?? [];
      deps.dispatcher.disconnect(name);
      store.removeNode(name);
      log.info({ node: name, revokedSerials }, 'node removed');
      await deps.controller.settle();
      return { revokedSerials };
    }),
    ListEvents: unary(log, 'ListEvents', (req: { workload: string; node: string; limit: number }) => {
      const workload = req.workload ? validateName(req.workload) : '';
      const node = req.node ? validateNodeName(req.node) : '';
      const limit = req.limit === 0 ? 50 : req.limit;
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_EVENTS)
        throw new ValidationError('limit', `must be between 1 and ${MAX_LIST_EVENTS} (got ${req.limit})`);
      return { events: store.recentEvents({ workload, node }, limit).map(renderEvent) };
    }),
    WatchEvents: watchEvents(store, log),
    ListGenerations: unary(log, 'ListGenerations', rollouts.listGenerations),
    RollbackWorkload: unary(log, 'RollbackWorkload', rollouts.rollback),
    ...sessionHandlers(deps),
  };
}

/** One scan instead of one per workload or node: list views stay linear in the cluster's size. */
function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
