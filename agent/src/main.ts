#!/usr/bin/env node
import { createLogger, FlagError, usage } from '@coxswain/shared';
import { startAgent } from './agent';
import { AGENT_FLAGS, parseAgentConfig } from './config';

const PROGRAM = 'coxswain-agent';

function main(): void {
  let config;
  try {
    config = parseAgentConfig();
  } catch (err) {
    if (err instanceof FlagError) {
      process.stderr.write(`${PROGRAM}: ${err.message} (see --help)\n`);
      process.exit(2);
    }
    throw err;
  }
  if ('help' in config) {
    process.stdout.write(usage(PROGRAM, AGENT_FLAGS) + '\n');
    return;
  }
  const log = createLogger(PROGRAM);
  let agent;
  try {
    agent = startAgent(config, { logger: log });
  } catch (err) {
    log.fatal({ err: (err as Error).message }, 'agent failed to start');
    process.exit(1);
  }
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down; containers keep running');
    void agent.stop().finally(() => process.exit(0));
  };
  // A bug in one background task must not take the node's agent down with it: the containers
  // would lose their reporter. Log loudly and carry on.
  process.on('unhandledRejection', (reason) => {
    log.error({ err: reason instanceof Error ? reason.stack : String(reason) }, 'unhandled rejection');
  });
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main();
