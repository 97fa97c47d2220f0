import fs from 'node:fs';
import path from 'node:path';

const KEY = 'node.key';
const CERT = 'node.crt';
const CA = 'ca.crt';

export interface StoredIdentity {
  keyPem: string;
  certPem: string;
  caPem: string;
  /** When the certificate arrived (local clock): renewal is scheduled from it. */
  receivedAt: number;
}

/** The agent's key, certificate and the cluster CA, kept across restarts in its state folder. */
export class IdentityFiles {
  constructor(readonly dir: string) {}

  load(): StoredIdentity | undefined {
    try {
      const certFile = path.join(this.dir, CERT);
      return {
        keyPem: fs.readFileSync(path.join(this.dir, KEY), 'utf8'),
        certPem: fs.readFileSync(certFile, 'utf8'),
        caPem: fs.readFileSync(path.join(this.dir, CA), 'utf8'),
        receivedAt: fs.statSync(certFile).mtimeMs,
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new Error(`read agent identity in ${this.dir}: ${(err as Error).message}`);
    }
  }

  /** Key first, certificate last: a crash in between leaves a pair that fails to load as a whole. */
  save(id: Omit<StoredIdentity, 'receivedAt'>): void {
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    fs.rmSync(path.join(this.dir, CERT), { force: true });
    this.write(KEY, id.keyPem, 0o600);
    this.write(CA, id.caPem, 0o644);
    this.write(CERT, id.certPem, 0o644);
  }

  private write(name: string, content: string, mode: number): void {
    const file = path.join(this.dir, name);
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, content, { mode });
    fs.chmodSync(tmp, mode);
    fs.renameSync(tmp, file);
  }
}
