// A built checkout of another commit, for running that commit's bench beside the current one:
// a detached git worktree in a temporary folder, installed and built, removed afterwards.

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runProcess } from './run-process';

/**
 * The commit before the scheduler restructuring began. A fresh clone may not have fetched the
 * `pre-structure` tag, so the tag falls back to this hash.
 */
export const PRE_STRUCTURE_TAG = 'pre-structure';
export const PRE_STRUCTURE_COMMIT = '684ddd0ac89c25c50cd658f1af7a656140e64872';

/** Generous for a cold install of native packages or a full `tsc -b` on a loaded two-core machine. */
const SETUP_TIMEOUT_MS = 15 * 60_000;

export interface RefTree {
  /** The ref as asked for, and the commit it resolved to. */
  ref: string;
  commit: string;
  /** Root of the checkout. */
  dir: string;
}

async function git(repo: string, args: string[]): Promise<string> {
  const { stdout } = await runProcess('git', args, { cwd: repo, timeoutMs: 60_000 });
  return stdout.trim();
}

/** The repository's top folder, found from any folder inside it. */
export function repoRoot(inside: string): Promise<string> {
  return git(inside, ['rev-parse', '--show-toplevel']);
}

/** The commit `ref` names; the pre-structure tag falls back to its hard-coded hash when missing. */
export async function resolveRef(repo: string, ref: string): Promise<string> {
  try {
    return await git(repo, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch (err) {
    if (ref !== PRE_STRUCTURE_TAG) throw new Error(`ref "${ref}" does not name a commit in ${repo}`, { cause: err });
    return git(repo, ['rev-parse', '--verify', `${PRE_STRUCTURE_COMMIT}^{commit}`]);
  }
}

/** Installs the workspace's dependencies from the local store, going online only if that fails. */
async function install(dir: string, log: (line: string) => void): Promise<void> {
  try {
    await runProcess('pnpm', ['install', '--frozen-lockfile', '--offline'], { cwd: dir, timeoutMs: SETUP_TIMEOUT_MS });
  } catch (err) {
    log(`offline install failed (${String(err).split('\n')[0]}); trying online`);
    await runProcess('pnpm', ['install', '--frozen-lockfile'], { cwd: dir, timeoutMs: SETUP_TIMEOUT_MS });
  }
}

/** Builds the workspace at `dir` (`pnpm run build`, i.e. `tsc -b`). */
export async function buildWorkspace(dir: string): Promise<number> {
  const { seconds } = await runProcess('pnpm', ['run', 'build'], { cwd: dir, timeoutMs: SETUP_TIMEOUT_MS });
  return seconds;
}

/**
 * Checks `commit` out into a new temporary folder, then installs and builds it. On a failure
 * part-way the checkout is removed again before the error propagates. `onCreated` hands the tree
 * to the caller as soon as it exists, so an interrupt during the install can remove it too.
 */
export async function createRefTree(
  repo: string,
  ref: string,
  commit: string,
  log: (line: string) => void,
  onCreated: (tree: RefTree) => void,
): Promise<RefTree> {
  const parent = mkdtempSync(path.join(os.tmpdir(), 'coxswain-bench-ref-'));
  // The bench looks for its data beside the checkout; the caller points it at the real data instead.
  const tree: RefTree = { ref, commit, dir: path.join(parent, 'coxswain') };
  log(`creating worktree of ${ref} (${commit.slice(0, 12)}) in ${tree.dir}`);
  try {
    await git(repo, ['worktree', 'add', '--detach', tree.dir, commit]);
  } catch (err) {
    rmSync(parent, { recursive: true, force: true });
    throw err;
  }
  onCreated(tree);
  try {
    let t0 = Date.now();
    await install(tree.dir, log);
    log(`installed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    t0 = Date.now();
    await buildWorkspace(tree.dir);
    log(`built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } catch (err) {
    await removeRefTree(repo, tree, log);
    throw err;
  }
  return tree;
}

/**
 * Removes the checkout and its temporary folder; safe to call twice. No `git worktree prune`:
 * it would act on every worktree of the repository, not just this one.
 */
export async function removeRefTree(repo: string, tree: RefTree, log: (line: string) => void): Promise<void> {
  try {
    await git(repo, ['worktree', 'remove', '--force', tree.dir]);
  } catch (err) {
    log(`git worktree remove ${tree.dir} failed: ${String(err).split('\n')[0]}`);
  }
  rmSync(path.dirname(tree.dir), { recursive: true, force: true });
}
