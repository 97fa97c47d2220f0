#!/usr/bin/env node
import { createLogger, FlagError, usage } from '@coxswain/shared';
import { CONTROL_PLANE_FLAGS, loadConfig } from './config';
import { startControlPlane } from './server';

async function main(): Promise<void> {
  let cfg;
  try {
    cfg = loadConfig();
  } catch (err) {
    process.stderr.write(`coxswain-control-plane: ${(err as Error).message}\n\n${usage('coxswain-control-plane', CONTROL_PLANE_FLAGS)}\n`);
    process.exit(2);
  }
  if (cfg.help) {
    process.stdout.write(usage('coxswain-control-plane', CONTROL_PLANE_FLAGS) + '\n');
    return;
  }
  const log = createLogger('control-plane');
  log.warn('TLS and API tokens are not implemented yet: every caller that reaches the port is trusted');
  const cp = await startControlPlane(cfg, log);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    cp.stop().then(() => process.exit(0));
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err) => {
  process.stderr.write(`coxswain-control-plane: ${err instanceof FlagError ? err.message : err?.stack ?? err}\n`);
  process.exit(1);
});
