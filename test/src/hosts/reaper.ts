import { readdir, rm } from 'node:fs/promises';
import { findCgroups, pidsInCgroup, removeCgroup } from './cgroups';
import { sleep } from './exec';
import { unmountUnder } from './mounts';
import { deleteLink, deleteNamespace, listLinks, listNamespaces } from './network';
import { hostsRoot, runDir, runIdOf, RUN_ID_PATTERN } from './naming';
import { killAndWait, netnsInode, pidsInNetns, pidsWithCmdline } from './procs';
import { liveClaims, releaseRun, staleClaims } from './registry';

/**
 * Removes every trace of one run by looking at the machine rather than at in-memory state, so the
 * same code serves a clean teardown, a failed start half-way through, and a run that crashed.
 * Order matters: processes first (they hold mounts and namespaces), then mounts (an nsfs bind
 * mount keeps a namespace and its veth alive), then namespaces and links, then cgroups and files.
 */
export async function reapRun(run: string): Promise<void> {
  const problems: string[] = [];
  const dir = runDir(run);
  const nsPattern = new RegExp(`^cox-${run}-h\\d+$`);
  const namespaces = (await listNamespaces()).filter((n) => nsPattern.test(n));

  const stubborn = await killScope({ namespaces, cgroupName: nsPattern, dir });
  if (stubborn.length > 0) problems.push(`processes would not die: ${stubborn.join(', ')}`);

  problems.push(...(await unmountUnder(dir)));
  for (const ns of namespaces) {
    const p = await deleteNamespace(ns);
    if (p) problems.push(p);
  }
  for (const link of await listLinks()) {
    if (runIdOf(link) !== run) continue;
    const p = await deleteLink(link);
    if (p) problems.push(p);
  }
  problems.push(...(await removeRunCgroups(nsPattern)));
  await rm(dir, { recursive: true, force: true }).catch((err: Error) => problems.push(`${dir}: ${err.message}`));

  if (problems.length > 0) throw new Error(`cleanup of test-host run ${run} incomplete:\n  ${problems.join('\n  ')}`);
}

export interface ProcessScope {
  /** Network namespaces (names under /run/netns) whose every process belongs to the scope. */
  namespaces: string[];
  /** Names of cgroup folders (the engines' --cgroup-parent) whose processes belong to the scope. */
  cgroupName: RegExp;
  /** A folder that the command lines of the scope's engines, containerds and shims mention. */
  dir: string;
}

/** Every live process of a scope: found by namespace, by cgroup and by command line. */
export async function processesIn(scope: ProcessScope): Promise<number[]> {
  const pids: number[] = [];
  for (const ns of scope.namespaces) {
    const inode = await netnsInode(`/run/netns/${ns}`);
    if (inode !== undefined) pids.push(...(await pidsInNetns(inode)));
  }
  for (const cg of await findCgroups((name) => scope.cgroupName.test(name))) {
    pids.push(...(await pidsInCgroup(cg)));
  }
  // Engines whose namespace is already gone still name their folder in their flags.
  pids.push(...(await pidsWithCmdline(`${scope.dir}/`)));
  return [...new Set(pids)];
}

/** Kills a scope's processes until none is left; returns pids that survived every round. */
export async function killScope(scope: ProcessScope): Promise<number[]> {
  let stubborn: number[] = [];
  // Several rounds: a dying engine can fork a shim between our listing and its death.
  for (let round = 0; round < 4; round++) {
    const pids = await processesIn(scope);
    if (pids.length === 0) return [];
    stubborn = await killAndWait(pids);
  }
  return stubborn;
}

async function removeRunCgroups(pattern: RegExp): Promise<string[]> {
  let failures: string[] = [];
  // The kernel may report a cgroup busy for a moment after its last task died.
  for (let attempt = 0; attempt < 10; attempt++) {
    failures = [];
    for (const cg of await findCgroups((name) => pattern.test(name))) failures.push(...(await removeCgroup(cg)));
    if (failures.length === 0) return [];
    await sleep(200);
  }
  return failures;
}

/**
 * Clears whatever earlier runs left behind: namespaces, links, cgroups, engines and folders of
 * every run whose owning process is gone. Runs owned by live processes are left alone, so two
 * harness users on one machine do not destroy each other's hosts.
 */
export async function cleanupLeftovers(): Promise<string[]> {
  const live = new Set((await liveClaims()).map((c) => c.run));
  const candidates = new Set<string>();
  for (const name of [...(await listNamespaces()), ...(await listLinks())]) {
    const run = runIdOf(name);
    if (run) candidates.add(run);
  }
  for (const cg of await findCgroups((name) => runIdOf(name) !== undefined)) {
    candidates.add(runIdOf(cg.slice(cg.lastIndexOf('/') + 1))!);
  }
  const folders = await readdir(hostsRoot()).catch(() => [] as string[]);
  for (const f of folders) if (new RegExp(`^${RUN_ID_PATTERN}$`).test(f)) candidates.add(f);
  const stale = await staleClaims();
  for (const claim of stale) if (claim.run) candidates.add(claim.run);

  const reaped: string[] = [];
  const errors: string[] = [];
  for (const run of candidates) {
    if (live.has(run)) continue;
    try {
      await reapRun(run);
      reaped.push(run);
    } catch (err) {
      errors.push((err as Error).message);
    }
  }
  for (const claim of stale) await releaseRun(claim);
  if (errors.length > 0) throw new Error(errors.join('\n'));
  return reaped;
}
