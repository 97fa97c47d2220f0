// How the mesh drives its kernel path. The kernel here is a recorder standing in for netfilter,
// which a unit test in the machine's own namespace must not change; test/src/mesh-kernel.test.ts
// runs the real KernelPath against iptables in a test host.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { ContainerInfo, MeshEndpoint, MeshStatus, MeshTable } from '@coxswain/shared';
import { Mesh } from './mesh';
import type { KernelForward } from './kernel-rules';
import { freeLoopbackPort } from '../testing';

const logger = pino({ level: 'silent' });
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

class RecordingKernel {
  readonly synced: KernelForward[][] = [];
  closed = false;
  /** Until released, a sync does not resolve: shows what waits for the kernel. */
  hold: Promise<void> | undefined;
  async sync(forwards: readonly KernelForward[]): Promise<void> {
    await this.hold;
    this.synced.push([...forwards]);
  }
  async close(): Promise<void> {
    this.closed = true;
  }
  get last(): KernelForward[] | undefined {
    return this.synced.at(-1);
  }
}

const ep = (replica: number, node: string, port: number): MeshEndpoint => ({
  replica,
  node,
  address: node === 'n1' ? '10.0.0.1' : '10.0.0.2',
  port,
});

const info = (replica: number, state: string, health = ''): ContainerInfo =>
  ({ containerId: `c${replica}`, workload: 'web', replica, state, health }) as ContainerInfo;

async function setup() {
  const kernel = new RecordingKernel();
  const statuses: MeshStatus[] = [];
  const mesh = new Mesh({
    node: 'n1',
    connectTimeoutMs: 250,
    logger,
    host: '127.0.0.1',
    kernel,
    sendStatus: (s) => statuses.push(s),
  });
  cleanup.push(() => mesh.close());
  const publish = await freeLoopbackPort();
  const table = (eps: MeshEndpoint[], revision: number): MeshTable => ({
    revision,
    services: [{ publish, workload: 'web', portName: 'http', endpoints: eps }],
  });
  return { kernel, mesh, statuses, publish, table };
}

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('the mesh and its kernel path', () => {
  it('forwards only local endpoints, and acks a table only once the kernel has it', async () => {
    const { kernel, mesh, statuses, publish, table } = await setup();
    mesh.observeLocal('c1', info(1, 'running'), 'host');
    mesh.observeLocal('c3', info(3, 'running', 'healthy'), 'host');
    let release!: () => void;
    kernel.hold = new Promise((r) => (release = r));
    const applied = mesh.apply(table([ep(1, 'n1', 20001), ep(2, 'n2', 20002), ep(3, 'n1', 20003)], 1));
    await settle();
    // The drain of a replica waits for this ack: it must not come while the kernel still forwards to it.
    expect(statuses).toEqual([]);
    release();
    await applied;
    expect(statuses.map((s) => s.revision)).toEqual([1]);
    expect(kernel.last).toEqual([
      {
        publish,
        targets: [
          { address: '10.0.0.1', port: 20001 },
          { address: '10.0.0.1', port: 20003 },
        ],
      },
    ]);
  });

  it('drops a local replica the agent saw stop or fail, before the control plane does', async () => {
    const { kernel, mesh, publish, table } = await setup();
    mesh.observeLocal('c1', info(1, 'running', 'healthy'), 'host');
    mesh.observeLocal('c3', info(3, 'running'), 'host');
    await mesh.apply(table([ep(1, 'n1', 20001), ep(3, 'n1', 20003)], 1));
    expect(kernel.last?.[0]?.targets).toHaveLength(2);
    mesh.observeLocal('c3', info(3, 'exited'), 'host');
    await settle();
    expect(kernel.last).toEqual([{ publish, targets: [{ address: '10.0.0.1', port: 20001 }] }]);
    // A table that still lists it (the control plane has not heard yet) does not bring it back.
    await mesh.apply(table([ep(1, 'n1', 20001), ep(3, 'n1', 20003)], 2));
    expect(kernel.last?.[0]?.targets).toHaveLength(1);
    mesh.observeLocal('c1', info(1, 'running', 'unhealthy'), 'host');
    await settle();
    expect(kernel.last).toEqual([]);
    // Passing its check again, it is forwarded to again; one still starting is not; a removed one is gone.
    mesh.observeLocal('c1', info(1, 'running', 'healthy'), 'host');
    mesh.observeLocal('c3', info(3, 'running', 'starting'), 'host');
    await settle();
    expect(kernel.last).toEqual([{ publish, targets: [{ address: '10.0.0.1', port: 20001 }] }]);
    mesh.observeLocal('c1', undefined);
    await settle();
    expect(kernel.last).toEqual([]);
  });

  it("leaves unseen and bridge-mode replicas to userspace, and an old copy's exit does not drop its successor", async () => {
    const { kernel, mesh, publish, table } = await setup();
    // Seen by nobody yet (an agent just restarted): not forwarded.
    await mesh.apply(table([ep(1, 'n1', 20001), ep(2, 'n1', 20002)], 1));
    expect(kernel.last).toEqual([]);
    // A bridge replica's host port is Docker's port mapping, which a DNAT rule would bypass.
    mesh.observeLocal('c2', info(2, 'running'), 'bridge');
    mesh.observeLocal('c1-old', info(1, 'running'), 'host');
    await settle();
    expect(kernel.last).toEqual([{ publish, targets: [{ address: '10.0.0.1', port: 20001 }] }]);
    mesh.observeLocal('c1-new', info(1, 'running'), 'host');
    mesh.observeLocal('c1-old', info(1, 'exited'), 'host');
    mesh.observeLocal('c1-old', undefined);
    await settle();
    expect(kernel.last).toEqual([{ publish, targets: [{ address: '10.0.0.1', port: 20001 }] }]);
  });

  it('gives the kernel nothing for a port it could not bind, and closes the kernel path with the mesh', async () => {
    const { kernel, mesh, publish, table } = await setup();
    const other = net.createServer();
    await new Promise<void>((r) => other.listen(publish, '127.0.0.1', r));
    cleanup.push(() => other.close());
    mesh.observeLocal('c1', info(1, 'running'), 'host');
    await mesh.apply(table([ep(1, 'n1', 20001)], 1));
    expect(mesh.status().unavailable.map((u) => u.port)).toEqual([publish]);
    expect(kernel.last).toEqual([]);
    await mesh.close();
    expect(kernel.closed).toBe(true);
  });
});
