import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isAlive, startTime } from './procs';
import { MAX_SLOTS } from './naming';

/**
 * Which process owns which run. Several harness runs (another package's tests, another person's
 * terminal) may share the machine; each claims a subnet slot with an atomic mkdir and records its
 * pid there, so cleanup only ever removes runs whose owner is gone.
 */
const REGISTRY_DIR = '/run/coxswain-test-hosts';

export interface RunClaim {
  run: string;
  slot: number;
  pid: number;
  startTime: string | undefined;
}

function slotDir(slot: number): string {
  return join(REGISTRY_DIR, `slot-${slot}`);
}

export async function claimRun(): Promise<RunClaim> {
  await mkdir(REGISTRY_DIR, { recursive: true });
  for (let slot = 0; slot < MAX_SLOTS; slot++) {
    try {
      await mkdir(slotDir(slot));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw new Error(`cannot claim harness slot ${slot} in ${REGISTRY_DIR}: ${(err as Error).message}`);
    }
    const claim: RunClaim = {
      run: randomBytes(2).toString('hex'),
      slot,
      pid: process.pid,
      startTime: await startTime(process.pid),
    };
    await writeFile(join(slotDir(slot), 'owner.json'), JSON.stringify(claim));
    return claim;
  }
  throw new Error(`all ${MAX_SLOTS} harness slots in ${REGISTRY_DIR} are taken; run cleanupLeftovers()`);
}

export async function releaseRun(claim: RunClaim): Promise<void> {
  await rm(slotDir(claim.slot), { recursive: true, force: true });
}

/** Claims whose owner process still runs; a pid reused by another program does not count. */
export async function liveClaims(): Promise<RunClaim[]> {
  const live: RunClaim[] = [];
  for (const claim of await allClaims()) {
    if (await ownerAlive(claim)) live.push(claim);
  }
  return live;
}

export async function staleClaims(): Promise<RunClaim[]> {
  const stale: RunClaim[] = [];
  for (const claim of await allClaims()) {
    if (!(await ownerAlive(claim))) stale.push(claim);
  }
  return stale;
}

async function ownerAlive(claim: RunClaim): Promise<boolean> {
  return (await isAlive(claim.pid)) && (await startTime(claim.pid)) === claim.startTime;
}

async function allClaims(): Promise<RunClaim[]> {
  let entries: string[];
  try {
    entries = await readdir(REGISTRY_DIR);
  } catch {
    return [];
  }
  const claims: RunClaim[] = [];
  for (const entry of entries) {
    const m = /^slot-(\d+)$/.exec(entry);
    if (!m) continue;
    const dir = join(REGISTRY_DIR, entry);
    try {
      claims.push(JSON.parse(await readFile(join(dir, 'owner.json'), 'utf8')) as RunClaim);
    } catch {
      // A slot folder without an owner file is either being claimed this instant or was left by
      // a crash between mkdir and write; only the latter is old.
      const age = Date.now() - (await stat(dir).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age > 60_000) claims.push({ run: '', slot: Number(m[1]), pid: 0, startTime: undefined });
    }
  }
  return claims;
}
