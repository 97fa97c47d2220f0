// Plain-text tables for the CLI, in the manner of kubectl get.
import type { NodeMsg, WorkloadMsg } from '@coxswain/shared';

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
const gib = (bytes: number) => `${(Number(bytes) / GIB).toFixed(1)}Gi`;
const cores = (millis: number) => `${(Number(millis) / 1000).toFixed(2).replace(/\.?0+$/, '')}`;

function ago(iso: string, now: number): string {
  if (!iso) return '-';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  return s < 120 ? `${s}s` : s < 7200 ? `${Math.round(s / 60)}m` : `${Math.round(s / 3600)}h`;
}

export function nodesTable(nodes: NodeMsg[], now = Date.now()): string {
  return table(
    ['NAME', 'STATE', 'CPU (ALLOC/CAP)', 'MEMORY (ALLOC/CAP)', 'REPLICAS', 'HEARTBEAT', 'ADDRESS'],
    nodes.map((n) => [
      n.name,
      n.state + (n.draining ? ',Draining' : n.cordoned ? ',Cordoned' : ''),
      `${cores(n.allocated?.cpuMillis ?? 0)}/${cores(n.capacity?.cpuMillis ?? 0)}`,
      `${gib(n.allocated?.memoryBytes ?? 0)}/${gib(n.capacity?.memoryBytes ?? 0)}`,
      String(n.replicas ?? 0),
      ago(n.lastHeartbeat, now),
      n.address,
    ]),
  );
}

export function workloadsTable(workloads: WorkloadMsg[]): string {
  return table(
    ['NAME', 'GENERATION', 'READY', 'PENDING', 'IMAGE'],
    workloads.map((w) => [
      w.spec.name,
      String(w.generation),
      `${w.status.running}/${w.status.desired}`,
      String(w.status.pending),
      w.spec.image,
    ]),
  );
}
