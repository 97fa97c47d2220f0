// Runs against a real, private dockerd (see testing/engine.ts); needs root and docker.io installed.
import type { Duplex, Readable } from 'node:stream';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABEL_EPOCH, LABEL_GENERATION, LABEL_NODE, LABEL_REPLICA, LABEL_WORKLOAD } from '@coxswain/shared';
import { startEngine, TEST_IMAGE, type PrivateEngine } from '../testing';
import { connectDocker } from './connect';
import { FrameDemuxer } from './frames';
import { ContainerRefused, ContainerStreams } from './streams';

let engine: PrivateEngine;
let streams: ContainerStreams;
const ids: Record<string, string> = {};

function labels(replica: number, node = 'h1'): Record<string, string> {
  return {
    [LABEL_WORKLOAD]: 'web',
    [LABEL_REPLICA]: String(replica),
    [LABEL_GENERATION]: '1',
    [LABEL_EPOCH]: '1',
    [LABEL_NODE]: node,
  };
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Frame payloads by stream, joined. */
function demux(raw: Buffer): { stdout: string; stderr: string } {
  const out = { stdout: '', stderr: '' };
  for (const p of new FrameDemuxer().push(raw)) out[p.stream] += p.data.toString();
  return out;
}

async function waitForLogs(docker: Docker, id: string, text: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  const logs = async () => String(await docker.getContainer(id).logs({ stdout: true, stderr: true }));
  while (!(await logs()).includes(text)) {
    if (Date.now() > deadline) throw new Error(`no "${text}" in the logs of ${id}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  engine = await startEngine();
  const docker = connectDocker(engine.host);
  streams = new ContainerStreams(docker, 'h1');
  const make = async (name: string, cmd: string, extra: object) => {
    const c = await docker.createContainer({
      name,
      Image: TEST_IMAGE,
      Cmd: ['sh', '-c', cmd],
      HostConfig: { NetworkMode: 'none' },
      ...extra,
    });
    await c.start();
    ids[name] = c.id;
  };
  await make('coxswain-web-0', 'echo one; sleep 0.2; echo two >&2; sleep 3600', { Labels: labels(0) });
  await make('coxswain-web-1', 'echo tty-line; sleep 3600', { Labels: labels(1), Tty: true });
  await make('coxswain-web-2', 'sleep 3600', { Labels: labels(2, 'h2') });
  await make('someone-else', 'sleep 3600', {});
  await waitForLogs(docker, ids['coxswain-web-0'], 'two');
  await waitForLogs(docker, ids['coxswain-web-1'], 'tty-line');
});

afterAll(async () => {
  await engine?.stop();
});

describe('ContainerStreams', () => {
  it('streams the logs of a replica, multiplexed and with timestamps', async () => {
    const ref = { containerId: ids['coxswain-web-0'], workload: 'web', replica: 0 };
    const { stream, tty } = await streams.logs(ref, { follow: false, tail: 0 });
    expect(tty).toBe(false);
    const { stdout, stderr } = demux(await readAll(stream));
    expect(stdout).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z one\n$/);
    expect(stderr).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z two\n$/);
    const last = demux(await readAll((await streams.logs(ref, { follow: false, tail: 1 })).stream));
    expect(last.stdout).toBe('');
    expect(last.stderr).toMatch(/ two\n$/);
  });

  it('streams the raw output of a TTY container', async () => {
    const ref = { containerId: ids['coxswain-web-1'], workload: 'web', replica: 1 };
    const { stream, tty } = await streams.logs(ref, { follow: false, tail: 0 });
    expect(tty).toBe(true);
    expect((await readAll(stream)).toString()).toMatch(/^\S+Z tty-line\r\n$/);
  });

  it('touches only containers of this node with the coxswain labels, for the replica named', async () => {
    const refused = async (ref: { containerId: string; workload: string; replica: number }) => {
      const err = await streams.logs(ref, { follow: false, tail: 0 }).catch((e: Error) => e);
      expect(err).toBeInstanceOf(ContainerRefused);
      return (err as ContainerRefused).reason;
    };
    expect(await refused({ containerId: ids['someone-else'], workload: 'web', replica: 0 })).toBe('foreign');
    expect(await refused({ containerId: ids['coxswain-web-2'], workload: 'web', replica: 2 })).toBe('foreign');
    expect(await refused({ containerId: ids['coxswain-web-0'], workload: 'web', replica: 1 })).toBe('other-replica');
    expect(await refused({ containerId: 'ab'.repeat(32), workload: 'web', replica: 0 })).toBe('missing');
    expect(await refused({ containerId: '../../images/json', workload: 'web', replica: 0 })).toBe('missing');
    const exec = await streams
      .exec({ containerId: ids['someone-else'], workload: 'web', replica: 0 }, { command: ['true'], tty: false })
      .catch((e: Error) => e);
    expect(exec).toBeInstanceOf(ContainerRefused);
  });

  it('runs a command with stdin and its end, and gives its exit code', async () => {
    const ref = { containerId: ids['coxswain-web-0'], workload: 'web', replica: 0 };
    const run = await streams.exec(ref, { command: ['sh', '-c', 'cat; exit 4'], tty: false });
    const output = readAll(run.stream as Duplex);
    run.stream.write('piped in');
    run.stream.end();
    expect(demux(await output).stdout).toBe('piped in');
    expect(await run.exitCode()).toBe(4);
  });

  it("ends a missing binary with Docker's message and a non-zero exit code", async () => {
    const ref = { containerId: ids['coxswain-web-0'], workload: 'web', replica: 0 };
    const run = await streams.exec(ref, { command: ['no-such-binary'], tty: false });
    const { stdout, stderr } = demux(await readAll(run.stream as Duplex));
    expect(stdout + stderr).toMatch(/no-such-binary.*executable file not found/);
    expect(await run.exitCode()).toBeGreaterThan(0);
  });
});
