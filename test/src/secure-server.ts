// A secure control plane in the test's own process, on a free loopback port and a fresh SQLite
// file, with what a client needs to reach it (its CA and admin token): for API tests over buf curl.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '@coxswain/shared';
import { loadConfig, startControlPlane, type RunningControlPlane } from '@coxswain/control-plane';
import type { TlsOptions } from './buf';

export interface SecureServer {
  cp: RunningControlPlane;
  dir: string;
  target: string;
  tls: TlsOptions;
  /** Stops the control plane and removes its folder. */
  stop(): Promise<void>;
}

export async function startSecureServer(prefix: string, args: string[] = []): Promise<SecureServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `coxswain-${prefix}-`));
  const cp = await startControlPlane(
    loadConfig(['--listen', '127.0.0.1:0', '--db', path.join(dir, 'coxswain.db'), ...args], {}),
    createLogger('test', 'silent'),
  );
  return {
    cp,
    dir,
    target: `127.0.0.1:${cp.port}`,
    tls: { caFile: path.join(dir, 'ca.crt'), token: fs.readFileSync(path.join(dir, 'admin.token'), 'utf8').trim() },
    async stop() {
      await cp.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
