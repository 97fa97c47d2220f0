// The failover phase of the scale bench: agents that go silent at once, seen from the API.
import type { ApiClient } from '@coxswain/test';
import { sleep, sum, type Fleet } from './fleet';

/** The control plane's own view: every workload has as many replicas running as it wants, none on a silent node. */
async function everyReplicaRunning(api: ApiClient, silent: ReadonlySet<string>): Promise<boolean> {
  const res = (await api.call('ListWorkloads', {}, 30_000)) as {
    workloads?: { status?: { desired?: number; running?: number; replicas?: { node?: string; state?: string }[] } }[];
  };
  return (res.workloads ?? []).every(
    (w) =>
      (w.status?.running ?? 0) >= (w.status?.desired ?? 0) &&
      !(w.status?.replicas ?? []).some((r) => r.state === 'RUNNING' && silent.has(r.node ?? '')),
  );
}

/**
 * Silences `count` agents (spread over the fleets) at once, then polls: when the control plane
 * has them all DOWN, when the replicas they held run on the others, and whether any other node
 * was ever not READY meanwhile.
 */
export async function silenceSome(
  count: number,
  fleets: Fleet[],
  runningBefore: number,
  listNodes: () => Promise<{ name: string; state: string }[]>,
  api: ApiClient,
): Promise<{ downS: number; replacedS: number; lost: number; othersNotReady: number; nodeTimeoutMs: number }> {
  const per = Math.ceil(count / fleets.length);
  // A fleet's agents are named sim<fleet>-<i> in join order, and the first ones go silent.
  const silent = new Set<string>();
  const started = performance.now();
  for (let p = 0; p < fleets.length; p++) {
    const n = Math.max(0, Math.min(per, count - p * per));
    for (let i = 0; i < n; i++) silent.add(`sim${p}-${i}`);
    fleets[p].send(`silence ${n}`);
  }
  const lost = runningBefore - (await sum(fleets)).running;
  let downS = NaN;
  let replacedS = NaN;
  const others = new Set<string>();
  while (performance.now() - started < 60_000 && (Number.isNaN(downS) || Number.isNaN(replacedS))) {
    await sleep(200);
    const t = (performance.now() - started) / 1000;
    const nodes = await listNodes();
    const down = nodes.filter((n) => n.state !== 'READY');
    if (Number.isNaN(downS) && down.filter((n) => silent.has(n.name)).length >= silent.size) downS = t;
    for (const n of down) if (!silent.has(n.name)) others.add(n.name);
    if (Number.isNaN(replacedS) && !Number.isNaN(downS) && (await everyReplicaRunning(api, silent))) replacedS = t;
  }
  // The control plane's default: the lease the agents were given (3 s) is its node timeout.
  return { downS, replacedS, lost, othersNotReady: others.size, nodeTimeoutMs: 3000 };
}
