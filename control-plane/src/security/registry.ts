import fs from 'node:fs';
import path from 'node:path';
import { readIfExists, writeFileAtomic } from './files';

const FILE = 'agent-certs.json';
const LOG = 'agent-certs.log';
/** The log is folded into the snapshot past this many lines (or as many as the snapshot has entries). */
const COMPACT_MIN = 256;

interface Entry {
  node: string;
  /** Uppercase hex, as Node's TLS reports a peer certificate's serial. */
  serial: string;
  /** Unix ms; past it the certificate is dead anyway and the entry is dropped. */
  notAfter: number;
}

interface Persisted {
  issued: Entry[];
  revoked: Entry[];
}

/** One change, as a line of the log. */
type Change = { issued: Entry } | { revoked: Entry[]; forget: string };

/**
 * Which agent certificates were issued to which node, and which were revoked. Revocation works
 * by serial so that a removed host that joins again (with the current token) gets in, while
 * the certificates it had before, possibly copied off a lost machine, stay out.
 *
 * Kept as a snapshot (agent-certs.json) and a log of the changes since (agent-certs.log), one
 * JSON line each: a join appends one line. Measured reason: rewriting the whole registry for each
 * join made joining thousands of hosts quadratic. The log is folded into the snapshot once it is
 * longer than what it describes.
 */
export class CertRegistry {
  private issued: Entry[] = [];
  private revoked = new Map<string, Entry>();
  private logLines = 0;
  /** Entries in the snapshot when it was last written or read: the log may grow as long. */
  private snapshotSize = 0;

  constructor(private readonly dir: string) {
    const text = readIfExists(this.file);
    if (text) {
      let data: Persisted;
      try {
        data = JSON.parse(text) as Persisted;
      } catch (err) {
        throw new Error(
          `${this.file} is corrupt (${(err as Error).message}); it lists revoked agent certificates, so it is not ignored`,
        );
      }
      this.issued = data.issued ?? [];
      for (const e of data.revoked ?? []) this.revoked.set(e.serial, e);
      this.snapshotSize = this.issued.length + this.revoked.size;
    }
    this.replay(readIfExists(this.logFile) ?? '');
  }

  private get file(): string {
    return path.join(this.dir, FILE);
  }

  private get logFile(): string {
    return path.join(this.dir, LOG);
  }

  /** A torn last line (a crash in the middle of an append) is what was never acknowledged. */
  private replay(text: string): void {
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!lines[i]) continue;
      let change: Change;
      try {
        change = JSON.parse(lines[i]) as Change;
      } catch (err) {
        if (i === lines.length - 1) {
          // Cut off, so that the next append starts a line of its own.
          fs.truncateSync(this.logFile, Buffer.byteLength(lines.slice(0, i).join('\n') + (i > 0 ? '\n' : '')));
          break;
        }
        throw new Error(
          `${this.logFile} is corrupt at line ${i + 1} (${(err as Error).message}); it lists revoked agent certificates, so it is not ignored`,
        );
      }
      this.apply(change);
      this.logLines++;
    }
  }

  private apply(change: Change): void {
    if ('issued' in change) {
      if (!this.issued.some((e) => e.serial === change.issued.serial)) this.issued.push(change.issued);
      return;
    }
    for (const e of change.revoked) this.revoked.set(e.serial, e);
    this.issued = this.issued.filter((e) => e.node !== change.forget);
  }

  recordIssued(node: string, serial: string, notAfter: number): void {
    this.record({ issued: { node, serial, notAfter } });
  }

  /** Revokes every live certificate of the node; returns their serials. */
  revokeNode(node: string): string[] {
    const now = Date.now();
    const mine = this.issued.filter((e) => e.node === node && e.notAfter > now);
    this.record({ revoked: mine, forget: node });
    return mine.map((e) => e.serial);
  }

  isRevoked(serial: string): boolean {
    return this.revoked.has(serial.replace(/^0+/, '').toUpperCase());
  }

  /** Durable before it takes effect here: the caller hands out (or refuses) only what is written. */
  private record(change: Change): void {
    appendLine(this.logFile, JSON.stringify(change) + '\n');
    this.apply(change);
    this.logLines++;
    // As long as the snapshot: each fold, which costs the whole registry, follows as many appends.
    if (this.logLines <= Math.max(COMPACT_MIN, this.snapshotSize)) return;
    try {
      this.compact();
    } catch {
      // The change itself is written and in effect; folding is tried again at the next one.
    }
  }

  /** The snapshot first, then the log goes: a crash between leaves a log that replays to the same. */
  private compact(): void {
    const now = Date.now();
    this.issued = this.issued.filter((e) => e.notAfter > now);
    for (const [serial, e] of this.revoked) if (e.notAfter <= now) this.revoked.delete(serial);
    const data: Persisted = { issued: this.issued, revoked: [...this.revoked.values()] };
    writeFileAtomic(this.file, JSON.stringify(data, null, 1) + '\n');
    fs.rmSync(this.logFile, { force: true });
    this.logLines = 0;
    this.snapshotSize = data.issued.length + data.revoked.length;
  }
}

function appendLine(file: string, line: string): void {
  try {
    fs.appendFileSync(file, line, { mode: 0o600 });
  } catch (err) {
    throw Object.assign(new Error(`append ${file}: ${(err as Error).message}`, { cause: err }), {
      code: (err as NodeJS.ErrnoException).code,
    });
  }
}
