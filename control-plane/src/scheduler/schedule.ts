// Entry point: online (one request at a time, in order) or batch (sorted, then improved).

import { needsPorts, raiseInto, ResourceColumns, shareMax, shareSum, uniform } from '../resources';
import { Cluster, openRanks } from './cluster';
import { improve } from './improve';
import { RoomMaker } from './make-room';
import { Placer } from './placer';
import { unplacedReason } from './reasons';
import type { Move, Plan, SchedNode, SchedRequest, ScheduleOptions } from './types';

/** Improvement work in batch mode: scales with the batch, capped to keep it to seconds. */
const BATCH_WORK_PER_REQUEST = 4000;
const BATCH_WORK_MIN = 250_000;
const BATCH_WORK_MAX = 30_000_000;

export function schedule(nodes: SchedNode[], requests: SchedRequest[], opts: ScheduleOptions): Plan {
  const batch = opts.mode === 'batch';
  const inOrder = requests.map((_, i) => i);
  let run: Construction;
  if (!batch) {
    // Online cannot know a large request is coming, so it keeps some of the largest hosts back.
    run = construct(nodes, requests, inOrder, true, opts.makeRoom ?? true, opts);
  } else {
    // Largest-first needs no reserve. Starting also from the given order, and keeping the better
    // start, makes batch never worse than what online would have done with the same input.
    const sorted = construct(nodes, requests, largestFirst(nodes, requests), false, false);
    const given = construct(nodes, requests, inOrder, false, false);
    run =
      given.unplaced < sorted.unplaced || (given.unplaced === sorted.unplaced && given.hosts < sorted.hosts)
        ? given
        : sorted;
  }
  const { cluster, placer, rank, assign, moves } = run;
  // Reasons describe the construction's end state, before batch improvement moves anything.
  const reasons: string[] = [];
  for (let r = 0; r < requests.length; r++) reasons.push(assign[r] < 0 ? unplacedReason(cluster, requests[r]) : '');

  const final = batch ? improveBatch(cluster, placer, rank, requests, assign) : assign;
  const plan: Plan = { placements: [], unplaced: [], moves };
  for (let r = 0; r < requests.length; r++) {
    if (final[r] >= 0) plan.placements.push({ id: requests[r].id, node: nodes[final[r]].name });
    else plan.unplaced.push({ id: requests[r].id, reason: reasons[r] });
  }
  return plan;
}

interface Construction {
  cluster: Cluster;
  placer: Placer;
  rank: Int32Array;
  assign: Int32Array;
  unplaced: number;
  hosts: number;
  moves: Move[];
}

/** Places the requests one by one in the given order. */
function construct(
  nodes: SchedNode[],
  requests: SchedRequest[],
  order: number[],
  reserve: boolean,
  makeRoom: boolean,
  given: Pick<ScheduleOptions, 'residents' | 'groupCounts'> = {},
): Construction {
  const cluster = new Cluster(nodes);
  const rank = openRanks(cluster, reserve);
  const placer = new Placer(
    cluster,
    rank,
    repeatedGroups(requests),
    new Set(requests.map((q) => q.group)),
    given.groupCounts,
  );
  const assign = new Int32Array(requests.length).fill(-1);
  const rooms = makeRoom ? new RoomMaker(cluster, placer, requests, assign, given.residents) : null;
  for (const r of order) {
    const req = requests[r];
    let node = placer.choose(req);
    // Only opening a node (or failing) is worth a move; a used node that fits is never displaced.
    if (rooms && !needsPorts(req) && (node < 0 || !cluster.used[node])) {
      const room = rooms.makeRoomFor(req, placer.classOf(req));
      if (room >= 0) node = room;
    }
    if (node >= 0) {
      placer.commit(req, node);
      rooms?.placed(node, r);
    }
    assign[r] = node;
  }
  let unplaced = 0;
  for (const a of assign) if (a < 0) unplaced++;
  let hosts = 0;
  for (let i = 0; i < cluster.n; i++) if (cluster.used[i]) hosts++;
  return { cluster, placer, rank, assign, unplaced, hosts, moves: rooms?.log ?? [] };
}

function repeatedGroups(requests: readonly SchedRequest[]): Set<string> {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const r of requests) (seen.has(r.group) ? repeated : seen).add(r.group);
  return repeated;
}

/** Decreasing by the larger share of the largest node, the classic first-fit-decreasing order. */
function largestFirst(nodes: readonly SchedNode[], requests: readonly SchedRequest[]): number[] {
  // At least 1 in every dimension, so a cluster without some resource divides by nothing smaller.
  const largest = uniform(1);
  for (const node of nodes) raiseInto(largest, node.capacity);
  const size = requests.map((q) => shareMax(q, largest));
  const sum = requests.map((q) => shareSum(q, largest));
  return requests.map((_, i) => i).sort((a, b) => size[b] - size[a] || sum[b] - sum[a] || a - b);
}

function improveBatch(
  cluster: Cluster,
  placer: Placer,
  rank: Int32Array,
  requests: SchedRequest[],
  assign: Int32Array,
): Int32Array {
  const base = new ResourceColumns(cluster.n);
  for (let i = 0; i < cluster.n; i++) base.setNode(i, cluster.nodes[i].capacity, cluster.nodes[i].allocated);
  // Only the groups of this batch can be spread by the improvement; counting every group in the
  // cluster made a small batch on a large cluster cost as much as the cluster's size times its
  // groups.
  const groupIds = new Map<string, number>();
  for (const q of requests)
    if (placer.existing(q.group) && !groupIds.has(q.group)) groupIds.set(q.group, groupIds.size);
  const baseCounts: Map<number, number>[] = Array.from(groupIds, () => new Map());
  const nodes = cluster.nodes;
  for (let i = 0; i < nodes.length; i++) {
    const gc = nodes[i].groupCounts;
    if (!gc) continue;
    for (const g in gc) {
      const id = groupIds.get(g);
      if (id !== undefined && gc[g] > 0) baseCounts[id].set(i, gc[g]);
    }
  }
  const masks = requests.map((q, r) => {
    // Improvement moves by amounts only: a request holding ports keeps the node it was given.
    if (needsPorts(q)) return onlyNode(cluster.n, assign[r]);
    return q.constraints.length === 0 && !q.network ? null : placer.classOf(q).mask;
  });
  const groupOf = Int32Array.from(requests, (q) => groupIds.get(q.group) ?? -1);
  return improve(
    {
      n: cluster.n,
      base,
      preUsed: cluster.preUsed,
      schedulable: cluster.schedulable,
      rank,
      requests,
      masks,
      groupOf,
      baseCounts,
      budget: Math.min(BATCH_WORK_MAX, Math.max(BATCH_WORK_MIN, requests.length * BATCH_WORK_PER_REQUEST)),
    },
    assign,
  );
}

/** A mask of the one node (none for -1: an unplaced request stays unplaced). */
function onlyNode(n: number, node: number): Uint8Array {
  const mask = new Uint8Array(n);
  if (node >= 0) mask[node] = 1;
  return mask;
}
