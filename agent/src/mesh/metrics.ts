// The mesh's Prometheus series, one label set per published port.
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

export class MeshMetrics {
  readonly registry: Registry;
  readonly accepted: Counter<'port'>;
  readonly active: Gauge<'port'>;
  readonly bytesIn: Counter<'port'>;
  readonly bytesOut: Counter<'port'>;
  readonly connectFailures: Counter<'port'>;
  readonly retries: Counter<'port'>;
  readonly refused: Counter<'port'>;

  readonly kernelForwarded: Counter<'port'>;

  /** `kernelConnections`: the kernel path's count per port, read when scraped. */
  constructor(opts: { processMetrics?: boolean; kernelConnections?: () => Promise<Map<number, number>> } = {}) {
    const registers = [(this.registry = new Registry())];
    if (opts.processMetrics) collectDefaultMetrics({ register: this.registry });
    const counter = (name: string, help: string) =>
      new Counter({ name, help, labelNames: ['port'] as const, registers });
    this.accepted = counter('coxswain_mesh_connections_total', 'Connections accepted on a published port');
    this.active = new Gauge({
      name: 'coxswain_mesh_active_connections',
      help: 'Connections open through a published port',
      labelNames: ['port'] as const,
      registers,
    });
    this.bytesIn = counter('coxswain_mesh_bytes_in_total', 'Bytes from clients to endpoints');
    this.bytesOut = counter('coxswain_mesh_bytes_out_total', 'Bytes from endpoints to clients');
    this.connectFailures = counter(
      'coxswain_mesh_connect_failures_total',
      'Connects to endpoints that failed or timed out',
    );
    this.retries = counter(
      'coxswain_mesh_retries_total',
      'Connects tried again, on another endpoint or on one that did not answer',
    );
    const kernelConnections = opts.kernelConnections;
    this.kernelForwarded = new Counter({
      name: 'coxswain_mesh_kernel_connections_total',
      help: "Connections the kernel forwarded to this host's own endpoints (not counted in coxswain_mesh_connections_total)",
      labelNames: ['port'] as const,
      registers,
      async collect() {
        if (!kernelConnections) return;
        const counts = await kernelConnections();
        this.reset();
        for (const [port, n] of counts) this.inc({ port: String(port) }, n);
      },
    });
    this.refused = counter('coxswain_mesh_refused_total', 'Connections closed for lack of a reachable endpoint');
  }
}
