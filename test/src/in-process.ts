// A secure control plane and agents in the test's own process, for tests that need no Docker:
// joining, registering, heartbeats and reports work without an engine behind the agent.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAgentConfig, startAgent, type AgentHandle } from '@coxswain/agent';
import { loadConfig, startControlPlane, type RunningControlPlane } from '@coxswain/control-plane';
import { createLogger } from '@coxswain/shared';
import { apiClient, type ApiClient } from './client';

export const silent = createLogger('test', 'silent');

export class InProcessCluster {
  private readonly agents: AgentHandle[] = [];

  private constructor(
    readonly cp: RunningControlPlane,
    readonly dir: string,
    readonly api: ApiClient,
  ) {}

  /** `args` are added to the control plane's flags (it listens on a free loopback port). */
  static async start(args: string[] = []): Promise<InProcessCluster> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coxswain-inproc-'));
    const cp = await startControlPlane(
      loadConfig(['--listen', '127.0.0.1:0', '--db', path.join(dir, 'coxswain.db'), ...args], {}),
      silent,
    );
    return new InProcessCluster(cp, dir, apiClient(`127.0.0.1:${cp.port}`, dir));
  }

  get target(): string {
    return `127.0.0.1:${this.cp.port}`;
  }

  get joinToken(): string {
    return fs.readFileSync(path.join(this.dir, 'join.token'), 'utf8').trim();
  }

  /** An agent that joins with the token; its engine address answers nothing. */
  startAgent(name: string): AgentHandle {
    const cfg = parseAgentConfig(
      [
        '--control-plane',
        this.target,
        '--name',
        name,
        '--docker-host',
        'unix:///nonexistent/docker.sock',
        '--state-dir',
        path.join(this.dir, `agent-${name}`),
        '--join-token',
        this.joinToken,
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
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
