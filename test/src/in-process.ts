// A secure control plane and agents in the test's own process, for tests that need no Docker:
// joining, registering, heartbeats and reports work without an engine behind the agent. The
// agents' engine socket answers pings only (so the nodes are READY, not ENGINE_DOWN), and every
// other call with an error, as an engine without the requested containers would not.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseAgentConfig, startAgent, type AgentHandle } from '@coxswain/agent';
import { loadConfig, startControlPlane, type RunningControlPlane } from '@coxswain/control-plane';
import { createLogger } from '@coxswain/shared';
import { apiClient, type ApiClient } from './client';

export const silent = createLogger('test', 'silent');

/**
 * A stand-in engine on a unix socket that answers pings (the agent reports its engine up, so the
 * node is READY) and every other call with an error (no container ever runs).
 */
export async function pingOnlyEngine(socket: string): Promise<http.Server> {
  const engine = http.createServer((req, res) => {
    if (req.url?.endsWith('/_ping')) res.writeHead(200, { 'Content-Type': 'text/plain' }).end('OK');
    else res.writeHead(500, { 'Content-Type': 'application/json' }).end('{"message":"no engine in this test"}');
  });
  await new Promise<void>((resolve) => engine.listen(socket, resolve));
  return engine;
}

export class InProcessCluster {
  private readonly agents: AgentHandle[] = [];

  private constructor(
    readonly cp: RunningControlPlane,
    readonly dir: string,
    readonly api: ApiClient,
    private readonly engine: http.Server,
  ) {}

  /** `args` are added to the control plane's flags (it listens on a free loopback port). */
  static async start(args: string[] = []): Promise<InProcessCluster> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coxswain-inproc-'));
    const cp = await startControlPlane(
      loadConfig(['--listen', '127.0.0.1:0', '--db', path.join(dir, 'coxswain.db'), ...args], {}),
      silent,
    );
    const engine = await pingOnlyEngine(path.join(dir, 'engine.sock'));
    return new InProcessCluster(cp, dir, apiClient(`127.0.0.1:${cp.port}`, dir), engine);
  }

  get target(): string {
    return `127.0.0.1:${this.cp.port}`;
  }

  get joinToken(): string {
    return fs.readFileSync(path.join(this.dir, 'join.token'), 'utf8').trim();
  }

  /** An agent that joins with the token; its engine answers pings and nothing else. */
  startAgent(name: string): AgentHandle {
    const cfg = parseAgentConfig(
      [
        '--control-plane',
        this.target,
        '--name',
        name,
        '--docker-host',
        `unix://${path.join(this.dir, 'engine.sock')}`,
        '--state-dir',
        path.join(this.dir, `agent-${name}`),
        '--join-token',
        this.joinToken,
        // In the machine's own namespace: its netfilter rules are not this test's to change.
        '--mesh-kernel',
        'off',
      ],
      {},
    );
    if ('help' in cfg) throw new Error('unexpected --help');
    const agent = startAgent(cfg, { logger: silent });
    this.agents.push(agent);
    return agent;
  }

  async stop(): Promise<void> {
    for (const a of this.agents) await a.stop();
    this.api.close();
    await this.cp.stop();
    this.engine.closeAllConnections();
    await new Promise((resolve) => this.engine.close(resolve));
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
