import fs from 'node:fs';
import path from 'node:path';
import type { LeaseRecord } from './lease';

const FILE = 'lease.json';

/** Where the keeper's record lives between runs. */
export interface LeaseRecordStore {
  load(): LeaseRecord | undefined;
  save(record: LeaseRecord): void;
}

/**
 * The record in the agent's state folder. It names the node, so a folder shared by mistake (or
 * reused under another name) never lends one node's lease to another. Written by rename, without
 * fsync: it must survive the agent process, and a host that crashes loses its containers anyway.
 */
export class LeaseFile implements LeaseRecordStore {
  private readonly file: string;

  constructor(
    dir: string,
    private readonly node: string,
  ) {
    this.file = path.join(dir, FILE);
  }

  load(): LeaseRecord | undefined {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new Error(`read lease record ${this.file}: ${(err as Error).message}`);
    }
    try {
      const r = JSON.parse(text) as { node?: unknown; lastHeard?: unknown; fenceMs?: unknown };
      if (r.node !== this.node || typeof r.lastHeard !== 'number' || typeof r.fenceMs !== 'number') return undefined;
      return { lastHeard: r.lastHeard, fenceMs: r.fenceMs };
    } catch {
      // A torn or foreign file: as if there were none.
      return undefined;
    }
  }

  save(record: LeaseRecord): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ node: this.node, ...record }), { mode: 0o600 });
    fs.renameSync(tmp, this.file);
  }
}
