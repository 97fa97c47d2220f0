// The failover phase of the scale bench: agents that go silent at once, seen from the API.
import { sleep, type Fleet } from './fleet';

/** Containers the fleets' agents run, silenced ones not counted. */
async function runningOn(fleets: Fleet[]): Promise<number> {
  return (await Promise.all(fleets.map((f) => f.running()))).reduce((a, b) => a + b, 0);
}

/**
 * Silences `count` agents (spread over the fleets) at once, then polls: when the control plane
 * has them all DOWN, when the replicas they held run on the others (counted by the other agents,
 * which report what they run: a ListWorkloads of every replica per poll took the control plane's
 * core from the failover it timed, and one answer at 20,000 replicas took seconds, so the poll
 * that saw the end came long after it), and whether any other node was ever not READY meanwhile.
 */
export async function silenceSome(
  count: number,
  fleets: Fleet[],
  runningBefore: number,
  listNodes: () => Promise<{ name: string; state: string }[]>,
): Promise<{ downS: number; replacedS: number; lost: number; othersNotReady: number; nodeTimeoutMs: number }> {
  const per = Math.ceil(count / fleets.length);
  // A fleet's agents are named sim<fleet>-<i> in join order, and the first ones go silent.
  const silent = new Set<string>();
  const started = performance.now();
  // For reading the control plane's log (kept with COXSWAIN_SCALE_KEEP=1) beside the figures.
  process.stderr.write(`scale bench: ${count} agents go silent at ${new Date().toISOString()}\n`);
  for (let p = 0; p < fleets.length; p++) {
    const n = Math.max(0, Math.min(per, count - p * per));
    for (let i = 0; i < n; i++) silent.add(`sim${p}-${i}`);
    fleets[p].send(`silence ${n}`);
  }
  const lost = runningBefore - (await runningOn(fleets));
  let downS = NaN;
  let replacedS = NaN;
  const others = new Set<string>();
  while (performance.now() - started < 60_000 && (Number.isNaN(downS) || Number.isNaN(replacedS))) {
    await sleep(200);
    let t = (performance.now() - started) / 1000;
    const nodes = await listNodes();
    const down = nodes.filter((n) => n.state !== 'READY');
    if (Number.isNaN(downS) && down.filter((n) => silent.has(n.name)).length >= silent.size) downS = t;
    for (const n of down) if (!silent.has(n.name)) others.add(n.name);
    if (Number.isNaN(replacedS)) {
      t = (performance.now() - started) / 1000;
      if ((await runningOn(fleets)) >= runningBefore) replacedS = t;
    }
  }
  // The control plane's default: the lease the agents were given (3 s) is its node timeout.
  return { downS, replacedS, lost, othersNotReady: others.size, nodeTimeoutMs: 3000 };
}
