import path from 'node:path';
import { readIfExists, writeFileAtomic } from './files';

const FILE = 'agent-certs.json';

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

/**
 * Which agent certificates were issued to which node, and which were revoked. Revocation works
 * by serial so that a removed host that joins again (with the current token) gets in, while
 * the certificates it had before, possibly copied off a lost machine, stay out.
 */
export class CertRegistry {
  private issued: Entry[] = [];
  private revoked = new Map<string, Entry>();

  constructor(private readonly dir: string) {
    const text = readIfExists(this.file);
    if (!text) return;
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
  }

  private get file(): string {
    return path.join(this.dir, FILE);
  }

  recordIssued(node: string, serial: string, notAfter: number): void {
    this.issued.push({ node, serial, notAfter });
    this.save();
  }

  /** Revokes every live certificate of the node; returns their serials. */
  revokeNode(node: string): string[] {
    const now = Date.now();
    const mine = this.issued.filter((e) => e.node === node && e.notAfter > now);
    for (const e of mine) this.revoked.set(e.serial, e);
    this.issued = this.issued.filter((e) => e.node !== node);
    this.save();
    return mine.map((e) => e.serial);
  }

  isRevoked(serial: string): boolean {
    return this.revoked.has(serial.replace(/^0+/, '').toUpperCase());
  }

  private save(): void {
    const now = Date.now();
    this.issued = this.issued.filter((e) => e.notAfter > now);
    for (const [serial, e] of this.revoked) if (e.notAfter <= now) this.revoked.delete(serial);
    const data: Persisted = { issued: this.issued, revoked: [...this.revoked.values()] };
    writeFileAtomic(this.file, JSON.stringify(data, null, 1) + '\n');
  }
}
