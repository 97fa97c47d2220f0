// The relay between stand-ins for the user's call and the agent's Relay call: objects that
// behave as grpc-js server streams do (emitting 'error' sends that status, end() sends OK once
// the pending writes are done, a write completes when the test says so).
import { Duplex } from 'node:stream';
import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { createLogger, type OpenSession } from '@coxswain/shared';
import type { AgentRelayCall } from './link';
import { Relay, type RelayTarget } from './relay';
import type { UserExecCall } from './exec-pump';
import type { UserLogCall } from './log-pump';

class FakeCall extends Duplex {
  readonly sent: any[] = [];
  status: { code: number; details: string } | undefined;
  gated = false;
  private readonly waiting: Array<() => void> = [];

  constructor() {
    super({ objectMode: true, read: () => undefined });
    this.on('error', (e: { code: number; details: string }) => {
      this.status ??= { code: e.code, details: e.details };
    });
  }

  override _write(chunk: unknown, _enc: string, cb: () => void): void {
    this.sent.push(chunk);
    if (this.gated) this.waiting.push(cb);
    else cb();
  }

  override _final(cb: () => void): void {
    this.status ??= { code: grpc.status.OK, details: 'OK' };
    cb();
  }

  release(): void {
    this.gated = false;
    for (const cb of this.waiting.splice(0)) cb();
  }

  getPeer(): string {
    return 'ipv4:10.0.0.5:5000';
  }

  /** The peer went away, as grpc-js reports it. */
  cancel(): void {
    this.emit('cancelled', 'cancelled');
  }
}

const TARGET: RelayTarget = { workload: 'web', replica: 0, node: 'h1', containerId: 'c'.repeat(64) };
const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

function setup(
  opts: { connected?: boolean; authorize?: (node: string) => void; max?: number; timeoutMs?: number } = {},
) {
  const opens: OpenSession[] = [];
  const relay = new Relay(
    {
      log: createLogger('test', 'silent'),
      sendOpen: (_node, open) => {
        opens.push(open);
        return opts.connected ?? true;
      },
      authorize: opts.authorize ? (_call, node) => opts.authorize?.(node) : undefined,
    },
    { openTimeoutMs: opts.timeoutMs ?? 1000, maxSessionsPerNode: opts.max, limitBytes: 1000 },
  );
  /** The agent answering the last OpenSession (or `id`) with its Relay call. */
  const answer = (id = opens[opens.length - 1]?.sessionId ?? '') => {
    const agent = new FakeCall();
    relay.handleRelay(agent as unknown as AgentRelayCall);
    agent.push({ msg: 'hello', hello: { sessionId: id } });
    return agent;
  };
  return { relay, opens, answer };
}

function logs(relay: Relay, opts = { follow: true, tail: 5 }) {
  const user = new FakeCall();
  relay.streamLogs(user as unknown as UserLogCall, TARGET, opts);
  return user;
}

const line = (text: string) => ({ line: text, stream: 'stdout', time: '2026-01-01T00:00:00Z' });

describe('Relay: logs', () => {
  it('opens the session on the node, relays the lines and ends both calls when the agent is done', async () => {
    const { relay, opens, answer } = setup();
    const user = logs(relay);
    expect(opens).toEqual([
      expect.objectContaining({
        kind: 'logs',
        follow: true,
        tail: 5,
        containerId: TARGET.containerId,
        workload: 'web',
      }),
    ]);
    const agent = answer();
    await tick();
    agent.push({ msg: 'logs', logs: { lines: [line('a'), line('b')] } });
    agent.push(null);
    await tick();
    expect(user.sent.map((l) => l.line)).toEqual(['a', 'b']);
    expect(user.status).toEqual({ code: grpc.status.OK, details: 'OK' });
    expect(agent.status?.code).toBe(grpc.status.OK);
    expect(relay.sessionsOn('h1')).toBe(0);
  });

  it("ends the user's call with the agent's error", async () => {
    const { relay, answer } = setup();
    const user = logs(relay);
    const agent = answer();
    await tick();
    agent.push({ msg: 'error', error: { code: grpc.status.NOT_FOUND, message: 'container c does not exist' } });
    await tick();
    expect(user.status).toEqual({ code: grpc.status.NOT_FOUND, details: 'container c does not exist' });
  });

  it('says UNAVAILABLE when the node has no stream, or its agent does not answer in time', async () => {
    const offline = setup({ connected: false });
    const user = logs(offline.relay);
    await tick();
    expect(user.status).toEqual({ code: grpc.status.UNAVAILABLE, details: 'node h1 is not connected' });
    expect(offline.relay.sessionsOn('h1')).toBe(0);

    const silent = setup({ timeoutMs: 30 });
    const late = logs(silent.relay);
    await tick(60);
    expect(late.status?.code).toBe(grpc.status.UNAVAILABLE);
    expect(late.status?.details).toContain('did not answer the session within');
    // The agent that answers after all finds nothing to take.
    const agent = silent.answer();
    await tick();
    expect(agent.status?.code).toBe(grpc.status.NOT_FOUND);
  });

  it('refuses Relay calls for unknown sessions, from the wrong node, or that say something else first', async () => {
    const { relay, answer } = setup({
      authorize: (node) => {
        if (node === 'h1' && wrongNode) throw Object.assign(new Error('certificate is for node "h2"'), { code: 7 });
      },
    });
    let wrongNode = true;
    expect((await settle(answer('made-up'))).status?.code).toBe(grpc.status.NOT_FOUND);
    const user = logs(relay);
    expect((await settle(answer())).status).toMatchObject({ code: grpc.status.PERMISSION_DENIED });
    wrongNode = false;
    const agent = answer(); // the session is still there for the right node
    await tick();
    agent.push(null);
    await tick();
    expect(user.status?.code).toBe(grpc.status.OK);

    const odd = new FakeCall();
    relay.handleRelay(odd as unknown as AgentRelayCall);
    odd.push({ msg: 'stdout', stdout: Buffer.from('x') });
    expect((await settle(odd)).status?.code).toBe(grpc.status.INVALID_ARGUMENT);
  });

  it('caps the sessions per node with RESOURCE_EXHAUSTED', async () => {
    const { relay } = setup({ max: 2 });
    logs(relay);
    logs(relay);
    const third = logs(relay);
    await tick();
    expect(third.status?.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(relay.sessionsOn('h1')).toBe(2);
  });

  it("cancels the agent's call when the user goes away, before or after it answered", async () => {
    const { relay, answer } = setup();
    const early = logs(relay);
    early.cancel();
    expect(relay.sessionsOn('h1')).toBe(0);
    expect((await settle(answer())).status?.code).toBe(grpc.status.NOT_FOUND);

    const user = logs(relay);
    const agent = answer();
    await tick();
    user.cancel();
    await tick();
    expect(agent.status).toEqual({ code: grpc.status.CANCELLED, details: 'the user ended the session' });
    expect(relay.sessionsOn('h1')).toBe(0);
  });

  it("pauses the agent's call while the user's holds too much, and resumes it as the user reads", async () => {
    const { relay, answer } = setup();
    const user = logs(relay);
    user.gated = true;
    const agent = answer();
    await tick();
    const big = line('x'.repeat(400));
    for (let i = 0; i < 10; i++) agent.push({ msg: 'logs', logs: { lines: [big] } });
    await tick();
    // 1000 bytes per direction: three lines of ~430 bytes are over it; the rest waits in the agent's call.
    expect(user.writableLength).toBe(3);
    expect(agent.isPaused()).toBe(true);
    expect(agent.readableLength).toBe(7);
    user.release();
    await tick();
    expect(user.sent.length).toBeGreaterThan(3);
  });
});

describe('Relay: exec', () => {
  function execCall(relay: Relay, first = {}) {
    const user = new FakeCall();
    user.pause();
    const req = {
      name: 'web',
      replica: 0,
      command: ['cat'],
      tty: true,
      stdin: Buffer.from('first '),
      stdinEof: false,
      rows: 24,
      cols: 80,
      ...first,
    };
    relay.exec(user as unknown as UserExecCall, TARGET, req);
    return user;
  }

  it('relays stdin both from the first message and later, its end, sizes, the output and the exit code', async () => {
    const { relay, opens, answer } = setup();
    const user = execCall(relay);
    expect(opens[0]).toMatchObject({ kind: 'exec', command: ['cat'], tty: true, rows: 24, cols: 80 });
    user.push({ stdin: Buffer.from('later'), rows: 0, cols: 0, stdinEof: false });
    const agent = answer();
    await tick();
    user.push({ stdin: Buffer.alloc(0), rows: 30, cols: 100, stdinEof: false });
    user.push(null); // the user has nothing more to send: stdin ends
    await tick();
    expect(agent.sent).toEqual([
      { msg: 'stdin', stdin: Buffer.from('first ') },
      { msg: 'stdin', stdin: Buffer.from('later') },
      { msg: 'resize', resize: { rows: 30, cols: 100 } },
      { msg: 'stdinEof', stdinEof: true },
    ]);
    agent.push({ msg: 'stdout', stdout: Buffer.from('first later') });
    agent.push({ msg: 'exitCode', exitCode: 0 });
    await tick();
    expect(user.sent).toEqual([
      { msg: 'stdout', stdout: Buffer.from('first later') },
      { msg: 'exitCode', exitCode: 0 },
    ]);
    expect(user.status?.code).toBe(grpc.status.OK);
  });

  it('splits large stdin into chunks of at most 32 KiB', async () => {
    const { relay, answer } = setup();
    execCall(relay, { stdin: Buffer.alloc(100 * 1024, 1) });
    const agent = answer();
    await tick();
    const sizes = agent.sent.map((m) => m.stdin.length);
    expect(sizes).toEqual([32768, 32768, 32768, 4096]);
  });

  it('says UNAVAILABLE when the agent ends without an exit code', async () => {
    const { relay, answer } = setup();
    const user = execCall(relay);
    const agent = answer();
    await tick();
    agent.push(null);
    await tick();
    expect(user.status?.code).toBe(grpc.status.UNAVAILABLE);
    expect(user.status?.details).toContain('without an exit code');
  });
});

async function settle(call: FakeCall): Promise<FakeCall> {
  await tick();
  return call;
}
