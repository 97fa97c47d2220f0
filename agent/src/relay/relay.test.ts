// The agent's relay with stand-ins for the control plane's Relay call and for the engine: what
// goes up the call for each way a session can start, run and end.
import { Duplex, PassThrough } from 'node:stream';
import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { createLogger, type OpenSession } from '@coxswain/shared';
import { ContainerRefused, RuntimeError, type ContainerStreams, type ExecStream } from '../docker';
import { AgentRelay, type RelayCall } from './relay';

class FakeCall extends Duplex {
  readonly sent: any[] = [];
  ended = false;
  cancelled = false;

  constructor() {
    super({ objectMode: true, read: () => undefined });
  }

  override _write(chunk: unknown, _enc: string, cb: () => void): void {
    this.sent.push(chunk);
    cb();
  }

  override _final(cb: () => void): void {
    this.ended = true;
    cb();
  }

  cancel(): void {
    this.cancelled = true;
  }

  /** The control plane ends the call with a status, as grpc-js reports it to a client. */
  endWith(code: grpc.status, details: string): void {
    this.emit('error', Object.assign(new Error(details), { code, details }));
    this.emit('status', { code, details, metadata: new grpc.Metadata() });
  }
}

const T = '2026-01-02T03:04:05.000000001Z';
const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

function open(over: Partial<OpenSession> = {}): OpenSession {
  return {
    sessionId: `s-${Math.random()}`,
    containerId: 'c'.repeat(64),
    kind: 'logs',
    workload: 'web',
    replica: 0,
    follow: true,
    tail: 0,
    command: [],
    tty: false,
    rows: 0,
    cols: 0,
    ...over,
  };
}

function setup(streams: Partial<Pick<ContainerStreams, 'logs' | 'exec'>>, maxSessions = 16) {
  const calls: FakeCall[] = [];
  const relay = new AgentRelay({
    streams: {
      logs: streams.logs ?? (() => Promise.reject(new Error('no logs here'))),
      exec: streams.exec ?? (() => Promise.reject(new Error('no exec here'))),
    },
    dial: () => {
      const c = new FakeCall();
      calls.push(c);
      return c as unknown as RelayCall;
    },
    logger: createLogger('test', 'silent'),
    maxSessions,
  });
  return { relay, calls };
}

describe('AgentRelay', () => {
  it('names the session first, relays the lines, and half-closes when the output ends', async () => {
    const engine = new PassThrough();
    const { relay, calls } = setup({ logs: async () => ({ stream: engine, tty: true }) });
    const msg = open();
    relay.open(msg);
    await tick();
    engine.end(`${T} hello\r\n${T} world\r\n`);
    await tick();
    const [call] = calls;
    expect(call.sent[0]).toEqual({ msg: 'hello', hello: { sessionId: msg.sessionId } });
    expect(call.sent.slice(1).flatMap((m) => m.logs.lines.map((l: { line: string }) => l.line))).toEqual([
      'hello',
      'world',
    ]);
    expect(call.ended).toBe(true);
    expect(relay.sessions).toBe(0);
  });

  it('destroys the engine stream when the control plane ends the call', async () => {
    const engine = new PassThrough();
    const { relay, calls } = setup({ logs: async () => ({ stream: engine, tty: true }) });
    relay.open(open());
    await tick();
    expect(relay.sessions).toBe(1);
    calls[0].endWith(grpc.status.CANCELLED, 'the user ended the session');
    expect(engine.destroyed).toBe(true);
    expect(relay.sessions).toBe(0);
  });

  it('tells why a container is refused, with a status', async () => {
    const { relay, calls } = setup({
      logs: () => Promise.reject(new ContainerRefused('foreign', 'container c is not managed by this agent')),
    });
    relay.open(open());
    await tick();
    expect(calls[0].sent[1]).toEqual({
      msg: 'error',
      error: { code: grpc.status.PERMISSION_DENIED, message: 'container c is not managed by this agent' },
    });
    expect(calls[0].ended).toBe(true);
  });

  it("reports Docker's refusal to run a command as its stderr and exit code 126", async () => {
    const { relay, calls } = setup({
      exec: () => Promise.reject(new RuntimeError('exec in container c: Container c is not running')),
    });
    relay.open(open({ kind: 'exec', command: ['true'] }));
    await tick();
    expect(calls[0].sent.slice(1)).toEqual([
      { msg: 'stderr', stderr: Buffer.from('exec in container c: Container c is not running\n') },
      { msg: 'exitCode', exitCode: 126 },
    ]);
  });

  it('passes stdin that came before the command started, then the output and the exit code', async () => {
    const engine = new PassThrough();
    const stdin: string[] = [];
    let exit: () => void = () => undefined;
    const exec: ExecStream = {
      stream: Duplex.from({ readable: engine, writable: new PassThrough().on('data', (d) => stdin.push(String(d))) }),
      tty: true,
      resize: async () => undefined,
      exitCode: () => new Promise((resolve) => (exit = () => resolve(5))),
    };
    let started: () => void = () => undefined;
    const ready = new Promise<void>((r) => (started = r));
    const { relay, calls } = setup({ exec: () => ready.then(() => exec) });
    relay.open(open({ kind: 'exec', command: ['cat'] }));
    calls[0].push({ msg: 'stdin', stdin: Buffer.from('early') });
    started();
    await tick();
    calls[0].push({ msg: 'stdin', stdin: Buffer.from(' late') });
    await tick();
    expect(stdin.join('')).toBe('early late');
    engine.end('output');
    await tick();
    exit();
    await tick();
    expect(calls[0].sent.slice(1)).toEqual([
      { msg: 'stdout', stdout: Buffer.from('output') },
      { msg: 'exitCode', exitCode: 5 },
    ]);
    expect(calls[0].ended).toBe(true);
  });

  it('refuses sessions beyond its most with RESOURCE_EXHAUSTED', async () => {
    const { relay, calls } = setup({ logs: async () => ({ stream: new PassThrough(), tty: true }) }, 2);
    for (let i = 0; i < 3; i++) relay.open(open());
    await tick();
    expect(relay.sessions).toBe(2);
    expect(calls[2].sent[1]).toMatchObject({ msg: 'error', error: { code: grpc.status.RESOURCE_EXHAUSTED } });
    relay.closeAll();
    expect(relay.sessions).toBe(0);
    expect(calls[0].cancelled).toBe(true);
  });
});
