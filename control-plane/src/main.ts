#!/usr/bin/env node
import { createLogger, FlagError, usage } from '@coxswain/shared';
import { CONTROL_PLANE_FLAGS, loadConfig } from './config';
import type { Security } from './security';
import { startControlPlane } from './server';
import { StoreUnavailableError } from './store';

/** First start: the operator needs the join token and where the CA and the admin token are. */
function announceSecrets(security: Security): void {
  const { caFile, adminTokenFile, joinTokenFile } = security.files;
  process.stderr.write(
    [
      '',
      'Coxswain cluster secrets created:',
      `  CA certificate (clients verify the server with it): ${caFile}`,
      `  admin token (authorization: Bearer ... on every API call): ${adminTokenFile}`,
      `  join token (agents: --join-token or COXSWAIN_JOIN_TOKEN), also in ${joinTokenFile}:`,
      `    ${security.joinToken()}`,
      '',
    ].join('\n'),
  );
}

async function main(): Promise<void> {
  let cfg;
  try {
    cfg = loadConfig();
  } catch (err) {
    process.stderr.write(
      `coxswain-control-plane: ${(err as Error).message}\n\n${usage('coxswain-control-plane', CONTROL_PLANE_FLAGS)}\n`,
    );
    process.exit(2);
  }
  if (cfg.help) {
    process.stdout.write(usage('coxswain-control-plane', CONTROL_PLANE_FLAGS) + '\n');
    return;
  }
  const log = createLogger('control-plane');
  if (cfg.insecure) {
    log.warn(
      { listen: `${cfg.host}:${cfg.port}` },
      'INSECURE: --insecure turns off TLS, the API token and agent certificates; anyone who reaches the port controls the cluster',
    );
  }
  const cp = await startControlPlane(cfg, log);
  if (cp.security?.created) announceSecrets(cp.security);
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
  const known = err instanceof FlagError || err instanceof StoreUnavailableError;
  process.stderr.write(`coxswain-control-plane: ${known ? err.message : (err?.stack ?? err)}\n`);
  process.exit(1);
});
