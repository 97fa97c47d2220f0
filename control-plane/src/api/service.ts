import * as grpc from '@grpc/grpc-js';
import type { EventMsg, Logger, WorkloadMsg, WorkloadSpec } from '@coxswain/shared';
import type { EventRecord } from '../model';
import type { Controller } from '../controller';
import type { Store } from '../store';
import { renderEvent, renderNode, renderWorkload } from './render';
import { ValidationError, validateName, validateNodeName, validateReplicas, validateSpec } from './validate';

export interface ApiDeps {
  store: Store;
  log: Logger;
  /** Runs reconciler passes; a pass before answering makes answers show placements at once. */
  controller: Pick<Controller, 'pass' | 'rebalance'>;
}

class ApiError extends Error {
  constructor(readonly code: grpc.status, message: string) {
    super(message);
  }
}

type Unary<Req, Res> = (call: grpc.ServerUnaryCall<Req, Res>, cb: grpc.sendUnaryData<Res>) => void;

/** Wraps a handler: validation errors become INVALID_ARGUMENT, the rest INTERNAL, never a crash. */
function unary<Req, Res>(log: Logger, method: string, fn: (req: Req) => Res): Unary<Req, Res> {
  return (call, cb) => {
    try {
      cb(null, fn(call.request));
    } catch (err) {
      if (err instanceof ValidationError) return cb({ code: grpc.status.INVALID_ARGUMENT, details: err.message });
      if (err instanceof ApiError) return cb({ code: err.code, details: err.message });
      log.error({ err, method }, 'request failed');
      cb({ code: grpc.status.INTERNAL, details: `${method}: ${(err as Error).message}` });
    }
  };
}

/** The handlers of coxswain.v1.ControlPlane. */
export function controlPlaneService(deps: ApiDeps): grpc.UntypedServiceImplementation {
  const { store, log } = deps;

  const nodeView = (name: string) => {
    const n = store.getNode(name);
    if (!n) throw new ApiError(grpc.status.NOT_FOUND, `node "${name}" not found`);
    return renderNode(n, store.listReplicas(), new Map(store.listWorkloads().map((w) => [w.name, w])));
  };

  const setNodeFlags = (method: string, change: (n: { cordoned: boolean; draining: boolean }) => { cordoned: boolean; draining: boolean }) =>
    unary(log, method, (req: { name: string }) => {
      const name = validateNodeName(req.name);
      const before = store.getNode(name);
      if (!before) throw new ApiError(grpc.status.NOT_FOUND, `node "${name}" not found`);
      const after = change(before);
      store.setNodeFlags(name, after.cordoned, after.draining);
      log.info({ node: name, ...after }, method);
      deps.controller.pass();
      return nodeView(name);
    });

  const workloadView = (name: string): WorkloadMsg => {
    const w = store.getWorkload(name);
    if (!w) throw new ApiError(grpc.status.NOT_FOUND, `workload "${name}" not found`);
    return renderWorkload(w, store.replicasOf(name), store.listContainers().filter((c) => c.workload === name));
  };

  return {
    ApplyWorkload: unary(log, 'ApplyWorkload', (req: { workload: WorkloadSpec }) => {
      const spec = validateSpec(req.workload);
      const { workload, changed } = store.applyWorkload(spec);
      log.info({ workload: spec.name, generation: workload.generation, changed, replicas: spec.replicas }, 'workload applied');
      if (changed) deps.controller.pass();
      return workloadView(spec.name);
    }),
    GetWorkload: unary(log, 'GetWorkload', (req: { name: string }) => workloadView(validateName(req.name))),
    ListWorkloads: unary(log, 'ListWorkloads', () => {
      const containers = store.listContainers();
      const replicas = store.listReplicas();
      return {
        workloads: store.listWorkloads().map((w) =>
          renderWorkload(w, replicas.filter((r) => r.workload === w.name), containers.filter((c) => c.workload === w.name)),
        ),
      };
    }),
    DeleteWorkload: unary(log, 'DeleteWorkload', (req: { name: string }) => {
      const name = validateName(req.name);
      if (!store.deleteWorkload(name)) throw new ApiError(grpc.status.NOT_FOUND, `workload "${name}" not found`);
      log.info({ workload: name }, 'workload deleted');
      deps.controller.pass();
      return {};
    }),
    ScaleWorkload: unary(log, 'ScaleWorkload', (req: { name: string; replicas: number }) => {
      const name = validateName(req.name);
      const replicas = validateReplicas(req.replicas);
      const w = store.getWorkload(name);
      if (!w) throw new ApiError(grpc.status.NOT_FOUND, `workload "${name}" not found`);
      const { changed } = store.applyWorkload({ ...w.spec, replicas });
      log.info({ workload: name, replicas }, 'workload scaled');
      if (changed) deps.controller.pass();
      return workloadView(name);
    }),
    ListNodes: unary(log, 'ListNodes', () => {
      const replicas = store.listReplicas();
      const workloads = new Map(store.listWorkloads().map((w) => [w.name, w]));
      return { nodes: store.listNodes().map((n) => renderNode(n, replicas, workloads)) };
    }),
    CordonNode: setNodeFlags('CordonNode', (n) => ({ cordoned: true, draining: n.draining })),
    DrainNode: setNodeFlags('DrainNode', () => ({ cordoned: true, draining: true })),
    UncordonNode: setNodeFlags('UncordonNode', () => ({ cordoned: false, draining: false })),
    Rebalance: unary(log, 'Rebalance', (req: { dryRun: boolean }) => ({
      moves: deps.controller.rebalance(!!req.dryRun).map((m) => ({ workload: m.workload, replica: m.replica, fromNode: m.from, toNode: m.to, reason: m.reason })),
    })),
    WatchEvents: (call: grpc.ServerWritableStream<{ sinceSeq: number; workload: string }, EventMsg>) => {
      const { sinceSeq, workload } = call.request;
      const wanted = (e: EventRecord) => !workload || e.workload === workload;
      let last = 0;
      const push = (e: EventRecord) => {
        if (e.seq <= last || !wanted(e)) return;
        last = e.seq;
        call.write(renderEvent(e));
      };
      store.on('event', push);
      const stop = () => store.off('event', push);
      call.on('cancelled', stop);
      call.on('close', stop);
      call.on('error', stop);
      if (sinceSeq > 0) for (const e of store.eventsSince(sinceSeq, 10_000)) push(e);
    },
  };
}
