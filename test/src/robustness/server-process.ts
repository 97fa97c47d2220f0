// The control plane as a separate process on a free loopback port, so that a crash shows as an
// exit and a SIGKILL is a real one.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnLogged, type LoggedProcess } from '../hosts';

export { freePort } from '../hosts';

const MAIN = path.resolve(__dirname, '..', '..', '..', 'control-plane', 'dist', 'main.js');

export class ServerProcess {
  proc!: LoggedProcess;
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coxswain-cp-'));
  starts = 0;

  constructor(
    readonly port: number,
    private readonly extra: string[] = [],
  ) {}

  get target(): string {
    return `127.0.0.1:${this.port}`;
  }

  get dataDir(): string {
    return path.join(this.dir, 'data');
  }

  async start(): Promise<void> {
    this.starts++;
    this.proc = spawnLogged(
      'node',
      [MAIN, '--listen', this.target, '--db', path.join(this.dataDir, 'coxswain.db'), ...this.extra],
      {
        logFile: path.join(this.dir, `control-plane-${this.starts}.log`),
        env: { ...process.env },
      },
    );
    await this.proc.waitForLog(/control plane serving/, 20_000);
  }

  async stop(): Promise<void> {
    if (this.proc?.running) await this.proc.stop(3000);
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
