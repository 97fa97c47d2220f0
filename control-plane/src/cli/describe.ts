// `describe`: one workload or node in full for a person, as kubectl describe does: the spec, each
// replica with its node, state, restarts and reason, why anything is PENDING, and recent events.
import type { EventMsg, NodeMsg, WorkloadMsg } from '@coxswain/shared';
import { ago, cores, gib, memory, pairs, table } from './format';

function fields(rows: [string, string | number | undefined][]): string {
  const width = Math.max(...rows.map(([k]) => k.length)) + 2;
  return rows
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${`${k}:`.padEnd(width)}${v}`)
    .join('\n');
}

const indent = (text: string) =>
  text
    .trimEnd()
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');

function eventsSection(events: EventMsg[], now: number, showNode: boolean): string {
  if (events.length === 0) return 'Events:  <none>';
  const rows = events.map((e) => [
    ago(e.time, now),
    e.type,
    e.workload && e.replica >= 0 ? `${e.workload}/${e.replica}` : e.workload || '-',
    ...(showNode ? [e.node || '-'] : []),
    e.message,
  ]);
  const header = ['AGE', 'TYPE', 'REPLICA', ...(showNode ? ['NODE'] : []), 'MESSAGE'];
  return `Events:\n${indent(table(header, rows))}`;
}

/** Why the replicas that wait are waiting, grouped by reason (the scheduler names each filter). */
function pendingSection(w: WorkloadMsg): string {
  const waiting = new Map<string, number[]>();
  for (const r of w.status.replicas) {
    if (r.state !== 'PENDING') continue;
    const why = r.reason || 'not placed yet';
    waiting.set(why, [...(waiting.get(why) ?? []), r.id]);
  }
  if (waiting.size === 0) return '';
  const lines = [...waiting].map(([why, ids]) => `  replica${ids.length > 1 ? 's' : ''} ${ids.join(', ')}: ${why}`);
  return `Pending (placed as soon as a node fits):\n${lines.join('\n')}`;
}

function healthLine(h: WorkloadMsg['spec']['health']): string {
  if (!h) return '';
  const what = h.http
    ? `http GET ${h.http.path} on ${h.http.port}`
    : h.tcp
      ? `tcp connect to ${h.tcp.port}`
      : `exec ${h.exec?.command.join(' ')}`;
  return `${what} every ${h.interval}, timeout ${h.timeout}, restart after ${h.failureThreshold} failures`;
}

export function describeWorkload(w: WorkloadMsg, events: EventMsg[], now = Date.now()): string {
  const s = w.spec;
  const head = fields([
    ['Name', s.name],
    ['Image', s.image],
    [
      'Command',
      s.command.length ? s.command.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ') : '(image default)',
    ],
    ['Generation', w.generation],
    ['Replicas', `${w.status.desired} desired, ${w.status.running} running, ${w.status.pending} pending`],
    ['Resources', `cpu ${s.resources?.cpuMillis ?? 0}m, memory ${memory(s.resources?.memoryBytes ?? 0)} per replica`],
    ['Restart', s.restartPolicy || 'always'],
    ['Disconnect', s.disconnect || 'keep'],
    ['Network', s.network],
    [
      'Ports',
      (s.ports ?? [])
        .map(
          (p) =>
            `${p.name} ${p.hostPort || 'dynamic'}${p.containerPort ? `->${p.containerPort}` : ''}${p.publish ? ` (published ${p.publish})` : ''}`,
        )
        .join(', '),
    ],
    ['Health', healthLine(s.health)],
    [
      'Update',
      s.update
        ? `maxSurge ${s.update.maxSurge ?? 1}, maxUnavailable ${s.update.maxUnavailable ?? 1}${s.update.autoRollback ? ', auto rollback' : ''}${s.update.paused ? ', PAUSED' : ''}`
        : '',
    ],
    [
      'Mounts',
      (s.mounts ?? [])
        .map((m) => `${m.type}${m.source ? ` ${m.source}` : ''} -> ${m.target}${m.readOnly ? ' (ro)' : ''}`)
        .join(', '),
    ],
    ['Env', pairs(s.env)],
    ['Labels', pairs(s.labels)],
    ['Constraints', s.constraints.join('; ')],
    ['Created', w.createdAt],
    ['Updated', w.updatedAt],
  ]);
  const replicas = w.status.replicas.length
    ? `Replicas:\n${indent(
        table(
          ['ID', 'NODE', 'STATE', 'READY', 'GENERATION', 'RESTARTS', 'CONTAINER', 'REASON'],
          w.status.replicas.map((r) => [
            String(r.id),
            r.node || '-',
            r.state,
            r.ready ? 'yes' : 'no',
            String(r.generation),
            String(r.restarts),
            r.containerId ? r.containerId.slice(0, 12) : '-',
            r.reason || (r.state === 'EXITED' || r.state === 'COMPLETED' ? `exit code ${r.exitCode}` : ''),
          ]),
        ),
      )}`
    : 'Replicas:  <none>';
  return [head, replicas, pendingSection(w), eventsSection(events, now, true)].filter(Boolean).join('\n\n') + '\n';
}

export function describeNode(n: NodeMsg, workloads: WorkloadMsg[], events: EventMsg[], now = Date.now()): string {
  const head = fields([
    ['Name', n.name],
    ['Address', n.address],
    ['State', n.state],
    [
      'Schedulable',
      n.state === 'NOT_READY' ? 'no (not ready)' : n.draining ? 'no (draining)' : n.cordoned ? 'no (cordoned)' : 'yes',
    ],
    ['Agent', n.agentVersion],
    ['Labels', pairs(n.labels)],
    ['Capacity', `cpu ${cores(n.capacity?.cpuMillis ?? 0)}, memory ${gib(n.capacity?.memoryBytes ?? 0)}`],
    ['Allocated', `cpu ${cores(n.allocated?.cpuMillis ?? 0)}, memory ${gib(n.allocated?.memoryBytes ?? 0)}`],
    ['Usage', `cpu ${(n.usage?.cpuPercent ?? 0).toFixed(0)}%, memory ${gib(n.usage?.memoryUsedBytes ?? 0)}`],
    ['Heartbeat', n.lastHeartbeat ? `${n.lastHeartbeat} (${ago(n.lastHeartbeat, now)} ago)` : 'never'],
  ]);
  const here = workloads.flatMap((w) =>
    w.status.replicas
      .filter((r) => r.node === n.name)
      .map((r) => [
        `${w.spec.name}/${r.id}`,
        r.state,
        `${w.spec.resources?.cpuMillis ?? 0}m`,
        memory(w.spec.resources?.memoryBytes ?? 0),
        String(r.restarts),
      ]),
  );
  const replicas = here.length
    ? `Replicas:\n${indent(table(['REPLICA', 'STATE', 'CPU', 'MEMORY', 'RESTARTS'], here))}`
    : 'Replicas:  <none>';
  const conditions = (n.conditions ?? []).length
    ? `Conditions:\n${indent(
        table(
          ['TYPE', 'SINCE', 'MESSAGE'],
          (n.conditions ?? []).map((c) => [c.type, c.since ? `${ago(c.since, now)} ago` : '-', c.message]),
        ),
      )}`
    : 'Conditions:  <none>';
  return [head, conditions, replicas, eventsSection(events, now, false)].join('\n\n') + '\n';
}
