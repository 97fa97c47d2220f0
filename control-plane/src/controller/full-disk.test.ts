// A reconciler pass on a store whose disk is full: a real SQLite file on a small tmpfs this test
// mounts (root only; skipped otherwise) and fills until ENOSPC. The command sink stands in for
// the agents' streams (it records what would be sent), the only thing not real here.
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SmallDisk } from '@coxswain/shared/small-disk';
import type { Register, WorkloadSpec } from '@coxswain/shared';
import { applyWorkload, registered } from '../model';
import type { Command } from '../reconciler';
import { SqliteStore, StoreUnavailableError } from '../store';
import { Controller } from './controller';
import { PassRequests } from './pass-requests';
import { workloadSpec } from '@coxswain/shared/spec-builder';

let disk: SmallDisk;
let dir: string;

beforeEach(() => {
  disk = new SmallDisk('coxswain-pass-full-');
  dir = disk.dir;
});
afterEach(() => {
  disk.remove();
});

const spec = (name: string, replicas: number): WorkloadSpec =>
  workloadSpec(name, { replicas, env: { PAD: 'x'.repeat(2000) } });

describe.skipIf(!SmallDisk.possible)('a pass that cannot commit', () => {
  it('sends nothing, says so once, and is planned again by the first pass after space returns', () => {
    disk.mount('1m');
    const lines: { msg: string }[] = [];
    const log = pino({ level: 'info' }, { write: (l: string) => lines.push(JSON.parse(l)) });
    const store = new SqliteStore(path.join(dir, 'coxswain.db'), { log });
    const reg = { name: 'h1', capacity: { cpuMillis: 4000, memoryBytes: 4 * 2 ** 30 } } as Register;
    store.registerNode(reg, '10.0.0.1', Date.now(), registered(undefined, 'h1', '10.0.0.1'));
    applyWorkload(store, spec('web', 1));
    const sent: Command[] = [];
    const c = new Controller(
      {
        store,
        log,
        commands: { send: (cmd) => sent.push(cmd), connectedNodes: () => new Set(['h1']) },
        changes: new PassRequests(),
      },
      {
        nodeTimeoutMs: 60_000,
        fenceMarginMs: 1500,
        intervalMs: 250,
        autoRebalance: false,
        makeRoom: false,
        moveIntervalMs: 2000,
        maxConcurrentMoves: 1,
      },
    );

    const filler = disk.fill();
    // Until a write is refused: a WAL reused after a checkpoint may hold a little room.
    let refused = false;
    for (let i = 0; i < 50 && !refused; i++) {
      try {
        applyWorkload(store, spec(`pad-${i}`, 0));
      } catch (err) {
        if (!(err instanceof StoreUnavailableError)) throw err;
        refused = true;
      }
    }
    expect(refused).toBe(true);

    for (let i = 0; i < 8; i++) expect(c.pass()).toEqual([]);
    // Rebalance is a write too: a pass it could not commit is refused, not an empty success.
    expect(() => c.rebalance(false)).toThrow(StoreUnavailableError);
    expect(c.rebalance(true)).toEqual([]);
    expect(sent).toEqual([]);
    expect(store.listReplicas()).toEqual([]);
    expect(lines.filter((l) => l.msg.startsWith('reconcile passes cannot commit'))).toHaveLength(1);
    expect(lines.filter((l) => l.msg === 'reconcile pass failed')).toHaveLength(0);

    fs.unlinkSync(filler);
    c.pass();
    expect(sent.map((cmd) => `${cmd.kind} ${cmd.workload}/${cmd.replica} on ${cmd.node}`)).toEqual([
      'start web/0 on h1',
    ]);
    expect(store.listReplicas().map((r) => `${r.workload}/${r.id}@${r.node}`)).toEqual(['web/0@h1']);
    expect(lines.filter((l) => l.msg === 'reconcile passes commit again')).toHaveLength(1);
    store.close();
  });
});
