// What a pass's voluntary moves read, worked out where they look and kept for the pass: a
// workload's settledness from its own replicas and containers, a node's replicas from the store's
// index with the pass's own writes on top, whether a node may take a move from its own
// containers. The rebalancer's round and make-room both ask here instead of walking every
// replica and container first.
import type { ContainerRecord, NodeRecord, ReplicaRecord } from '../model';
import type { RebalanceView } from '../rebalancer';
import type { SchedNode } from '../scheduler';
import {
  isCurrentContainer,
  isSettledNode,
  isStaleCopy,
  replicaStage,
  type LoadView,
  type ReplicaTable,
} from '../replica';
import type { SettledMemo } from './settled-memo';

export interface PassViewSource {
  now: number;
  settleMs?: number;
  nodes: ReadonlyMap<string, NodeRecord>;
  replicas: ReplicaTable;
  load: () => LoadView;
  schedNodes: () => SchedNode[];
  containersOf(workload: string): readonly ContainerRecord[];
  containersOn(node: string): readonly ContainerRecord[];
  /** The replicas assigned to the node when the pass began. */
  replicasOn(node: string): readonly ReplicaRecord[];
  /** Answers kept across passes (see SettledMemo); absent: worked out in each view. */
  memo?: SettledMemo;
  /** Whether the pass has written to the workload's replicas: then its answer is not kept. */
  wrote(workload: string): boolean;
}

export class PassView implements RebalanceView {
  private nodeList: SchedNode[] | undefined;
  private readonly settledness = new Map<string, boolean>();
  private readonly nodeSettled = new Map<string, boolean>();
  private readonly draining: ReadonlySet<string>;

  constructor(private readonly src: PassViewSource) {
    this.draining = new Set([...src.nodes.values()].filter((n) => n.draining).map((n) => n.name));
  }

  get schedNodes(): SchedNode[] {
    this.nodeList ??= this.src.schedNodes();
    return this.nodeList;
  }

  crowded(): string[] {
    return this.src.load().crowded();
  }

  replicasOf(workload: string): Iterable<ReplicaRecord> {
    return this.src.replicas.of(workload)?.values() ?? [];
  }

  replicasOn(node: string): ReplicaRecord[] {
    const changed = new Map<string, Iterable<ReplicaRecord>>(this.src.replicas.changed());
    const out = this.src.replicasOn(node).filter((r) => !changed.has(r.workload));
    for (const rs of changed.values()) for (const r of rs) if (r.node === node) out.push(r);
    return out;
  }

  /** Every replica placed on a live node and running its current container, none moving or retiring. */
  settled(workload: string): boolean {
    return this.settledWhere('', workload, (r) => this.isLive(r));
  }

  /** The same, and every replica of `generation` (a move must not update a replica before its rollout). */
  settledAt(workload: string, generation: number): boolean {
    return this.settledWhere(String(generation), workload, (r) => this.isLive(r) && r.generation === generation);
  }

  private isLive(r: ReplicaRecord): boolean {
    return this.src.nodes.get(r.node ?? '')?.state === 'READY';
  }

  /** Whether a voluntary move may land on the node: READY, settled, no stale copy (see replica/settled). */
  takesMoves(node: string): boolean {
    let known = this.nodeSettled.get(node);
    if (known !== undefined) return known;
    const n = this.src.nodes.get(node);
    const hasStaleCopy = () =>
      this.src.containersOn(node).some((c) => {
        if (c.state === 'exited' || c.state === 'dead') return false;
        const r = this.src.replicas.get(c.workload, c.replica);
        return !!r && isStaleCopy(r, c, this.draining);
      });
    known =
      !!n &&
      isSettledNode(n, { now: this.src.now, settleMs: this.src.settleMs, hasStaleCopy: false }) &&
      !hasStaleCopy();
    this.nodeSettled.set(node, known);
    return known;
  }

  /** Whether every READY node takes moves: only then is a round that found nothing final. */
  everyNodeSettled(): boolean {
    for (const n of this.src.nodes.values()) if (n.state === 'READY' && !this.takesMoves(n.name)) return false;
    return true;
  }

  private settledWhere(key: string, workload: string, also: (r: ReplicaRecord) => boolean): boolean {
    const local = `${workload}@${key}`;
    let known = this.settledness.get(local);
    if (known !== undefined) return known;
    const memo = this.src.memo && !this.src.wrote(workload) ? this.src.memo : undefined;
    known = memo?.get(workload, key);
    if (known !== undefined) {
      this.settledness.set(local, known);
      return known;
    }
    const replicas = this.src.replicas.of(workload);
    const running = new Set<number>();
    for (const c of this.src.containersOf(workload)) {
      const r = replicas?.get(c.replica);
      if (c.state === 'running' && r && isCurrentContainer(r, c)) running.add(r.id);
    }
    known = true;
    for (const r of replicas?.values() ?? [])
      if (replicaStage(r) !== 'placed' || !running.has(r.id) || !also(r)) known = false;
    this.settledness.set(local, known);
    memo?.set(workload, key, known);
    return known;
  }
}
