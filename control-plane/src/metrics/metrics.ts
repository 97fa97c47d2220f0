// Prometheus metrics: counts read from the store's in-memory state at scrape time, and what the
// controller and the dispatcher did since start.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Logger } from '@coxswain/shared';
import type { ClusterReads, EventLog } from '../store';
import { replicaStage } from '../replica';
import { publicNodeState } from '../model';

export interface Metrics {
  registry: Registry;
  passDuration: Histogram;
  commandsSent: Counter<'kind'>;
  movesStarted: Counter<'reason'>;
  /** Passes in which the rebalancer planned (it skips those where nothing it reads has changed). */
  rebalanceRounds: Counter;
  fullPasses: Counter;
  /**
   * Counts live agent streams at scrape time. Registered once the dispatcher exists: the metrics
   * come first, because the controller and the dispatcher report into them from construction.
   */
  countAgentStreams(connectedNodes: () => number): void;
  /** The routing mesh: published ports in the table, and agents not yet serving its current revision. */
  countMesh(mesh: { serviceCount(): number; behind(): number }): void;
}

/** What the metrics read of the store: counts at scrape time and every committed event. */
export type MetricsStore = Pick<ClusterReads, 'listNodes' | 'listWorkloads' | 'listReplicas'> &
  Pick<EventLog, 'subscribe'>;

export function createMetrics(store: MetricsStore): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'coxswain_' });
  const events = new Counter({
    name: 'coxswain_events_total',
    help: 'Cluster events by type (node.down, replica.restarted, ...)',
    labelNames: ['type'],
    registers: [registry],
  });
  store.subscribe((e) => events.inc({ type: e.type }));

  new Gauge({
    name: 'coxswain_nodes',
    help: 'Nodes by state',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      this.reset();
      for (const n of store.listNodes()) this.inc({ state: publicNodeState(n) });
    },
  });
  new Gauge({
    name: 'coxswain_workloads',
    help: 'Workloads stored',
    registers: [registry],
    collect() {
      this.set(store.listWorkloads().length);
    },
  });
  new Gauge({
    name: 'coxswain_replicas',
    help: 'Replica slots: placed, pending (no node), moving (new copy of a move), retiring',
    labelNames: ['phase'],
    registers: [registry],
    collect() {
      this.reset();
      for (const phase of ['placed', 'pending', 'moving', 'retiring']) this.set({ phase }, 0);
      for (const r of store.listReplicas()) {
        this.inc({ phase: replicaStage(r) });
      }
    },
  });
  return {
    registry,
    passDuration: new Histogram({
      name: 'coxswain_reconcile_pass_seconds',
      help: 'Duration of reconciler passes',
      registers: [registry],
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    }),
    commandsSent: new Counter({
      name: 'coxswain_commands_sent_total',
      help: 'Commands sent to agents',
      labelNames: ['kind'],
      registers: [registry],
    }),
    movesStarted: new Counter({
      name: 'coxswain_moves_started_total',
      help: 'Voluntary moves started',
      labelNames: ['reason'],
      registers: [registry],
    }),
    fullPasses: new Counter({
      name: 'coxswain_reconcile_full_passes_total',
      help: 'Reconciler passes that looked at every workload (the others look at what changed and what is under way)',
      registers: [registry],
    }),
    rebalanceRounds: new Counter({
      name: 'coxswain_rebalance_rounds_total',
      help: 'Reconciler passes in which the rebalancer planned',
      registers: [registry],
    }),
    countAgentStreams(connectedNodes) {
      new Gauge({
        name: 'coxswain_agent_streams',
        help: 'Agents with a live stream',
        registers: [registry],
        collect() {
          this.set(connectedNodes());
        },
      });
    },
    countMesh(mesh) {
      new Gauge({
        name: 'coxswain_mesh_services',
        help: 'Published ports in the routing mesh table',
        registers: [registry],
        collect() {
          this.set(mesh.serviceCount());
        },
      });
      new Gauge({
        name: 'coxswain_mesh_agents_behind',
        help: 'Connected agents that have not acknowledged the current mesh table',
        registers: [registry],
        collect() {
          this.set(mesh.behind());
        },
      });
    },
  };
}

/** Serves GET /metrics on its own port, so scraping needs neither TLS client setup nor tokens. */
export async function serveMetrics(
  metrics: Metrics,
  host: string,
  port: number,
  log: Logger,
): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404).end('only GET /metrics\n');
      return;
    }
    metrics.registry.metrics().then(
      (body) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(body),
      (err: Error) => {
        log.error({ err }, 'metrics failed');
        res.writeHead(500).end();
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) => reject(new Error(`--metrics-listen ${host}:${port}: ${err.message}`)));
    server.listen(port, host, resolve);
  });
  const bound = (server.address() as AddressInfo).port;
  log.info({ metrics: `http://${host}:${bound}/metrics` }, 'metrics serving');
  return { port: bound, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
