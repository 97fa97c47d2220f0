// Plain-text tables and the -o forms for the CLI, in the manner of kubectl get. Pure: messages in,
// text out.
import YAML from 'yaml';
import type { EndpointMsg, NodeMsg, WorkloadMsg, WorkloadSpec } from '@coxswain/shared';
import { messageType } from './schema';

export type OutputFormat = 'table' | 'wide' | 'json' | 'yaml' | 'name';
export const OUTPUT_FORMATS: OutputFormat[] = ['wide', 'json', 'yaml', 'name'];

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('   ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;
export const gib = (bytes: number): string => `${(Number(bytes) / GIB).toFixed(1)}Gi`;
export const cores = (millis: number): string => `${(Number(millis) / 1000).toFixed(2).replace(/\.?0+$/, '')}`;
/** A byte count as kubectl shows memory: 64Mi, 1.5Gi. */
export function memory(bytes: number): string {
  const b = Number(bytes);
  if (b >= GIB) return `${(b / GIB).toFixed(1).replace(/\.0$/, '')}Gi`;
  if (b >= MIB) return `${(b / MIB).toFixed(1).replace(/\.0$/, '')}Mi`;
  return `${b}`;
}
export const pairs = (m: Record<string, string> | undefined): string =>
  Object.entries(m ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');

export function ago(iso: string, now: number): string {
  if (!iso) return '-';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  return s < 120
    ? `${s}s`
    : s < 7200
      ? `${Math.round(s / 60)}m`
      : s < 172_800
        ? `${Math.round(s / 3600)}h`
        : `${Math.round(s / 86_400)}d`;
}

const nodeState = (n: NodeMsg) => n.state + (n.draining ? ',Draining' : n.cordoned ? ',Cordoned' : '');

export function nodesTable(nodes: NodeMsg[], now = Date.now(), wide = false): string {
  const header = ['NAME', 'STATE', 'CPU (ALLOC/CAP)', 'MEMORY (ALLOC/CAP)', 'REPLICAS', 'HEARTBEAT', 'ADDRESS'];
  const rows = nodes.map((n) => [
    n.name,
    nodeState(n),
    `${cores(n.allocated?.cpuMillis ?? 0)}/${cores(n.capacity?.cpuMillis ?? 0)}`,
    `${gib(n.allocated?.memoryBytes ?? 0)}/${gib(n.capacity?.memoryBytes ?? 0)}`,
    String(n.replicas ?? 0),
    ago(n.lastHeartbeat, now),
    n.address,
  ]);
  if (!wide) return table(header, rows);
  return table(
    [...header, 'CPU USED', 'MEMORY USED', 'VERSION', 'LABELS', 'CONDITIONS'],
    rows.map((r, i) => {
      const n = nodes[i];
      return [
        ...r,
        `${(n.usage?.cpuPercent ?? 0).toFixed(0)}%`,
        gib(n.usage?.memoryUsedBytes ?? 0),
        n.agentVersion || '-',
        pairs(n.labels) || '-',
        // A port's condition names the port: a node may have several.
        (n.conditions ?? [])
          .map((c) => (c.type === 'PORT_UNAVAILABLE' ? `${c.type}(${c.message.split(':')[0]})` : c.type))
          .join(',') || '-',
      ];
    }),
  );
}

const restarts = (w: WorkloadMsg) => w.status.replicas.reduce((sum, r) => sum + r.restarts, 0);

export function workloadsTable(workloads: WorkloadMsg[], wide = false): string {
  const header = ['NAME', 'GENERATION', 'READY', 'PENDING', 'IMAGE'];
  const rows = workloads.map((w) => [
    w.spec.name,
    String(w.generation),
    `${w.status.replicas.filter((r) => r.ready).length}/${w.status.desired}`,
    String(w.status.pending),
    w.spec.image,
  ]);
  if (!wide) return table(header, rows);
  return table(
    ['NAME', 'GENERATION', 'READY', 'PENDING', 'RESTARTS', 'CPU', 'MEMORY', 'NODES', 'IMAGE', 'CONSTRAINTS'],
    rows.map((r, i) => {
      const w = workloads[i];
      const nodes = [...new Set(w.status.replicas.map((x) => x.node).filter(Boolean))].sort();
      return [
        ...r.slice(0, 4),
        String(restarts(w)),
        `${w.spec.resources?.cpuMillis ?? 0}m`,
        memory(w.spec.resources?.memoryBytes ?? 0),
        nodes.join(',') || '-',
        w.spec.image,
        w.spec.constraints.join('; ') || '-',
      ];
    }),
  );
}

/** A workload's ready endpoints, one row per replica and port. */
export function endpointsTable(endpoints: EndpointMsg[]): string {
  return table(
    ['REPLICA', 'NODE', 'ADDRESS', 'PORT', 'NAME'],
    endpoints.map((e) => [String(e.replica), e.node, e.address, e.port ? String(e.port) : '-', e.portName || '-']),
  );
}

/** The spec's fields in the proto's order (name, image, command, ...), as a person reads them. */
export function orderedSpec(spec: WorkloadSpec): WorkloadSpec {
  const order = messageType('WorkloadSpec').fieldsArray.map((f) => f.name);
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
  return Object.fromEntries(Object.entries(spec).sort(([a], [b]) => rank(a) - rank(b))) as WorkloadSpec;
}

/**
 * The value without the loader's synthetic `_field` keys (set beside proto3 `optional` fields),
 * which are no fields of the API: printed, they would not apply back.
 */
export function withoutSynthetic<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutSynthetic) as T;
  if (!value || typeof value !== 'object' || Buffer.isBuffer(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => !k.startsWith('_'))
      .map(([k, v]) => [k, withoutSynthetic(v)]),
  ) as T;
}

/** A workload as -o json/yaml print it, and as `apply -f` reads it back (the spec is applied). */
export const workloadObject = (w: WorkloadMsg): object => ({
  kind: 'Workload',
  spec: withoutSynthetic(orderedSpec(w.spec)),
  generation: w.generation,
  status: w.status,
  createdAt: w.createdAt,
  updatedAt: w.updatedAt,
});
export const nodeObject = (n: NodeMsg): object => ({ kind: 'Node', ...n });

/** One object as itself, several as a kubectl-style List. */
export function structured(objects: object[], format: 'json' | 'yaml', single: boolean): string {
  const value = single ? objects[0] : { kind: 'List', items: objects };
  return format === 'json' ? JSON.stringify(value, null, 2) + '\n' : YAML.stringify(value);
}
