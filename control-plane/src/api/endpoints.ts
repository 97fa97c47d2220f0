// ListEndpoints and WatchEndpoints: the endpoint rule applied to the store's records as they are
// now, and a stream that sends the whole set each time its revision changes.
import * as grpc from '@grpc/grpc-js';
import type { EndpointSet, Logger } from '@coxswain/shared';
import { EndpointRevisions, endpointSet } from '../endpoints';
import type { ClusterStore } from '../store';
import { validateName } from '../validation';
import { ApiError } from './api-error';
import { unary } from './unary';

export interface EndpointsDeps {
  store: ClusterStore;
  log: Logger;
  /** A node silent this long is late: its replicas leave the sets before it is DOWN. */
  lateAfterMs: number;
  /** When this control plane started: see EndpointInput.heardSince. */
  heardSince?: number;
  /** How often watched sets are looked at besides on events (heartbeat lateness makes no event). */
  pollMs?: number;
}

type WatchCall = grpc.ServerWritableStream<{ name: string; sinceRevision: number }, EndpointSet>;

interface Watcher {
  name: string;
  call: WatchCall;
  sent: number;
}

export class EndpointsApi {
  private readonly revisions = new EndpointRevisions();
  private readonly watchers = new Set<Watcher>();
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly deps: EndpointsDeps) {}

  /** The workload's set now, with its revision; undefined when there is no such workload. */
  current(name: string): EndpointSet | undefined {
    const { store } = this.deps;
    const w = store.getWorkload(name);
    if (!w) {
      this.revisions.forget(name);
      return undefined;
    }
    const endpoints = endpointSet({
      now: Date.now(),
      lateAfterMs: this.deps.lateAfterMs,
      heardSince: this.deps.heardSince,
      workload: w,
      replicas: store.replicasOf(name),
      containers: store.containersOfWorkload(name),
      nodes: new Map(store.listNodes().map((n) => [n.name, n])),
      // The allocation the replica holds on its node (fixed and dynamic ports alike).
      portsOf: (r) => r.ports ?? [],
    });
    return { revision: this.revisions.revise(name, endpoints), endpoints };
  }

  handlers(): grpc.UntypedServiceImplementation {
    return {
      ListEndpoints: unary(this.deps.log, 'ListEndpoints', (req: { name: string }) => {
        const name = validateName(req.name);
        const set = this.current(name);
        if (!set) throw new ApiError(grpc.status.NOT_FOUND, `workload "${name}" not found`);
        return set;
      }),
      WatchEndpoints: (call: WatchCall) => this.watch(call),
    };
  }

  private watch(call: WatchCall): void {
    let name: string;
    try {
      name = validateName(call.request.name);
    } catch (err) {
      call.emit('error', { code: grpc.status.INVALID_ARGUMENT, details: (err as Error).message });
      return;
    }
    const set = this.current(name);
    if (!set) {
      call.emit('error', { code: grpc.status.NOT_FOUND, details: `workload "${name}" not found` });
      return;
    }
    const w: Watcher = { name, call, sent: Number(call.request.sinceRevision) || 0 };
    this.watchers.add(w);
    const gone = () => this.unwatch(w);
    call.on('cancelled', gone);
    call.on('close', gone);
    call.on('error', gone);
    this.push(w, set);
    this.ensureRunning();
  }

  private push(w: Watcher, set: EndpointSet): void {
    if (set.revision === w.sent) return;
    w.sent = set.revision;
    w.call.write(set);
  }

  private refresh(name?: string): void {
    const sets = new Map<string, EndpointSet | undefined>();
    for (const w of [...this.watchers]) {
      if (name !== undefined && w.name !== name) continue;
      if (!sets.has(w.name)) sets.set(w.name, this.current(w.name));
      const set = sets.get(w.name);
      if (set) {
        this.push(w, set);
        continue;
      }
      // The workload was deleted: its set is empty for good, and the stream ends.
      w.call.write({ revision: Math.max(Date.now(), w.sent + 1), endpoints: [] });
      this.unwatch(w);
      w.call.end();
    }
  }

  /** Events say at once when something changed; the poll catches nodes falling late. */
  private ensureRunning(): void {
    if (this.timer) return;
    this.unsubscribe = this.deps.store.subscribe((e) => {
      if (e.workload) this.refresh(e.workload);
      else this.refresh();
    });
    this.timer = setInterval(() => this.refresh(), this.deps.pollMs ?? 200);
    this.timer.unref();
  }

  private unwatch(w: Watcher): void {
    this.watchers.delete(w);
    if (this.watchers.size > 0) return;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  close(): void {
    for (const w of [...this.watchers]) {
      this.unwatch(w);
      w.call.end();
    }
  }
}
