// Issue "a full disk on the control plane", end to end: the control plane's database lives on a
// small tmpfs this test mounts inside the run's folder (the harness's cleanup unmounts what is
// left there), one real host runs a workload, and a filler file fills the file system until
// ENOSPC. Applies are refused with UNAVAILABLE and the reason, the process lives, reads answer,
// the node stays READY and the container runs on; once the filler is gone applies work again
// without a restart, the file passes PRAGMA integrity_check and every acknowledged workload
// survives a restart. A read-only remount is not tried: the kernel refuses to make a file system
// read-only while the control plane holds its database open for writing (EBUSY); the store's
// tests cover what SQLite answers on a read-only file system.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '@coxswain/control-plane';
import { run, sleep, tryRun, waitFor } from '../hosts';
import { E2E, SERVICE_COMMAND, spec } from './fixture';

/** The control plane's default --node-timeout. */
const NODE_TIMEOUT_MS = 3000;
/** How often the control plane flushes heartbeats to the file. */
const LIVENESS_FLUSH_MS = 5000;
const MAX_APPLIES = 100;

let e2e: E2E;
let mnt = '';

beforeAll(async () => {
  e2e = await E2E.start({
    hosts: 1,
    dbDir: async (cluster) => {
      mnt = path.join(cluster.dir, 'control-plane-db');
      fs.mkdirSync(mnt, { recursive: true });
      await run('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', mnt]);
      return mnt;
    },
  });
  await e2e.ok('ApplyWorkload', { workload: spec('web', { command: SERVICE_COMMAND }) });
  await e2e.waitForWorkload('web', (w) => w.status.running === 1, '1 running');
}, 120_000);

afterAll(async () => {
  // Lazy, so that a control plane still holding its files does not keep the mount.
  if (mnt) await tryRun('umount', ['-l', mnt]);
  await e2e?.stop();
});

/** Writes until the file system answers ENOSPC: big chunks first, then ever smaller ones. */
function fill(file: string): number {
  const fd = fs.openSync(file, 'w');
  let written = 0;
  try {
    for (const chunk of [1 << 20, 4 << 10, 256]) {
      const buf = Buffer.alloc(chunk, 7);
      // Bounded by the file system's size in the biggest chunk.
      for (let i = 0; i < 64; i++) {
        try {
          written += fs.writeSync(fd, buf);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
          break;
        }
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  return written;
}

async function webContainer(): Promise<{ id: string; startedAt: string }> {
  const [c] = (await e2e.running('web')).get(e2e.hosts[0].name) ?? [];
  if (!c) throw new Error('web is not running on the host');
  const info = await e2e.hosts[0].docker.getContainer(c.Id).inspect();
  return { id: c.Id, startedAt: info.State.StartedAt };
}

/** Lines of the control plane's log whose message matches. */
function logged(pattern: RegExp): string[] {
  return e2e.controlPlane
    .log()
    .split('\n')
    .filter((l) => {
      const m = /"msg":"([^"]*)"/.exec(l);
      return m && pattern.test(m[1]);
    });
}
const logCount = (pattern: RegExp) => logged(pattern).length;

describe('a full disk under the control plane', () => {
  it('refuses applies with UNAVAILABLE, keeps the cluster as it is, and writes again once space returns', async () => {
    const db = path.join(mnt, 'coxswain.db');
    const container = await webContainer();
    const acked = new Map<string, number>();
    for (const [name, w] of (await e2e.ok('ListWorkloads')).workloads.map((x: any) => [x.spec.name, x]))
      acked.set(name, Number(w.generation));
    const filler = path.join(mnt, 'filler');
    expect(fill(filler)).toBeGreaterThan(8 << 20);

    // A WAL reused after a checkpoint may still hold a little room: apply until one is refused.
    let refusal: { code?: string; message?: string } | undefined;
    for (let i = 0; i < MAX_APPLIES && !refusal; i++) {
      const r = await e2e.call('ApplyWorkload', { workload: spec(`filler-${i}`, { replicas: 0 }) });
      if (r.ok) acked.set(`filler-${i}`, Number(r.json.generation));
      else refusal = r;
    }
    const fullAt = Date.now();
    expect(refusal).toMatchObject({ code: 'unavailable' });
    expect(refusal?.message).toBe(`the database cannot be written: disk full (SQLITE_FULL) at ${db}`);
    // Every write is refused so while the disk stays full, and nothing of it shows.
    const scale = await e2e.call('ScaleWorkload', { name: 'web', replicas: 2 });
    expect(scale).toMatchObject({ ok: false, code: 'unavailable' });
    // The secrets beside the database share its disk: a rotation is refused the same way.
    const token = e2e.joinToken;
    const rotate = await e2e.call('RotateJoinToken');
    expect(rotate).toMatchObject({ ok: false, code: 'unavailable' });
    expect(rotate.message).toMatch(/^the disk cannot be written: disk full \(ENOSPC\)/);
    expect(e2e.joinToken).toBe(token);

    // Past the node timeout and two liveness flushes: the process lives, reads answer, the node
    // stays READY (its heartbeats live in memory), the container runs on untouched.
    while (Date.now() - fullAt < NODE_TIMEOUT_MS + 2 * LIVENESS_FLUSH_MS) {
      expect(e2e.controlPlane.running).toBe(true);
      expect((await e2e.nodes()).map((n) => n.state)).toEqual(['READY']);
      await sleep(500);
    }
    const web = await e2e.ok('GetWorkload', { name: 'web' });
    expect(web.spec.replicas).toBe(1);
    expect(web.status.running).toBe(1);
    const listed = (await e2e.ok('ListWorkloads')).workloads.map((w: any) => w.spec.name).sort();
    expect(listed).toEqual([...acked.keys()].sort());
    expect(await webContainer()).toEqual(container);
    // The outage is told once, not with every refused write, flush or pass.
    expect(logCount(/database cannot be written/)).toBe(1);
    expect(logCount(/reconcile passes cannot commit/)).toBeLessThanOrEqual(1);
    expect(logCount(/request failed|reconcile pass failed|agent message failed|failed$/)).toBe(0);

    // Space returns: the next apply works, with no restart.
    fs.unlinkSync(filler);
    const freedAt = Date.now();
    const after = await waitFor(
      'an apply after the disk was freed',
      async () => {
        const r = await e2e.call('ApplyWorkload', { workload: spec('after', { replicas: 0 }) });
        return r.ok ? r.json : undefined;
      },
      5000,
      200,
    );
    expect(Date.now() - freedAt).toBeLessThan(3000);
    acked.set('after', Number(after.generation));
    expect(logCount(/database writes work again/)).toBe(1);

    // The file itself: whole, and holding every acknowledged workload, after a restart.
    await e2e.controlPlane.stop(5000);
    const store = new SqliteStore(db);
    try {
      expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(new Map(store.listWorkloads().map((w) => [w.name, w.generation]))).toEqual(acked);
    } finally {
      store.close();
    }
    await e2e.startControlPlane();
    await e2e.waitForNodes(1);
    const stored = new Map<string, number>(
      (await e2e.ok('ListWorkloads')).workloads.map((w: any) => [w.spec.name, Number(w.generation)]),
    );
    expect(stored).toEqual(acked);
    await e2e.waitForWorkload('web', (w) => w.status.running === 1, '1 running after the restart');
    expect(await webContainer()).toEqual(container);
  }, 120_000);
});
