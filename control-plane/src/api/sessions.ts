// StreamLogs and Exec: the request validated, the replica resolved to its node and container,
// and the session handed to the relay, which ends the user's call with a status.
import * as grpc from '@grpc/grpc-js';
import type { ExecRequest, Logger } from '@coxswain/shared';
import type { Relay, RelayTarget, UserExecCall, UserLogCall } from '../relay';
import type { ClusterStore } from '../store';
import { validateExecStart, validateStreamLogs, ValidationError } from '../validation';
import { ApiError } from './api-error';
import { renderWorkload } from './render';

export interface SessionDeps {
  store: ClusterStore;
  log: Logger;
  relay: Pick<Relay, 'streamLogs' | 'exec'>;
}

/**
 * The replica's node and container as GetWorkload shows them, so that a refusal names the state
 * the user sees there (which is why this lives in the API rather than in the relay). Logs need
 * the replica's own container, running or not: the output of one that exited is what explains
 * the exit. A command needs it running.
 */
export function resolveTarget(
  store: Pick<ClusterStore, 'getWorkload' | 'replicasOf' | 'containersOfWorkload'>,
  name: string,
  replica: number,
  needs: 'container' | 'running',
): RelayTarget {
  const w = store.getWorkload(name);
  if (!w) throw new ApiError(grpc.status.NOT_FOUND, `workload "${name}" not found`);
  const status = renderWorkload(w, store.replicasOf(name), store.containersOfWorkload(name)).status.replicas.find(
    (r) => r.id === replica,
  );
  if (!status) throw new ApiError(grpc.status.NOT_FOUND, `replica ${name}/${replica} not found`);
  const why = status.reason ? ` (${status.reason})` : '';
  if (needs === 'running' && status.state !== 'RUNNING')
    throw new ApiError(
      grpc.status.FAILED_PRECONDITION,
      `replica ${name}/${replica} is ${status.state}${why}: a command runs only in a RUNNING container`,
    );
  if (!status.containerId || !status.node)
    throw new ApiError(
      grpc.status.FAILED_PRECONDITION,
      `replica ${name}/${replica} is ${status.state}${why}: it has no container yet`,
    );
  return { workload: name, replica, node: status.node, containerId: status.containerId };
}

export function sessionHandlers(deps: SessionDeps): grpc.UntypedServiceImplementation {
  const { store, log, relay } = deps;
  const refuse = (call: UserLogCall | UserExecCall, method: string, err: unknown) => {
    let code = grpc.status.INTERNAL;
    let details = `${method}: ${(err as Error).message}`;
    if (err instanceof ValidationError) [code, details] = [grpc.status.INVALID_ARGUMENT, err.message];
    else if (err instanceof ApiError) [code, details] = [err.code, err.message];
    else log.error({ err, method }, 'request failed');
    call.emit('error', { code, details });
  };

  return {
    StreamLogs: (call: UserLogCall) => {
      try {
        const req = validateStreamLogs(call.request);
        relay.streamLogs(call, resolveTarget(store, req.name, req.replica, 'container'), req);
      } catch (err) {
        refuse(call, 'StreamLogs', err);
      }
    },
    Exec: (call: UserExecCall) => {
      let started = false;
      call.once('data', (m: ExecRequest) => {
        started = true;
        // Later messages (stdin) wait in the call until the session is open.
        call.pause();
        try {
          const first = validateExecStart(m);
          relay.exec(call, resolveTarget(store, first.name, first.replica, 'running'), first);
        } catch (err) {
          refuse(call, 'Exec', err);
        }
      });
      call.once('end', () => {
        if (!started)
          refuse(call, 'Exec', new ValidationError('command', 'is required in the first message; none came'));
      });
    },
  };
}
