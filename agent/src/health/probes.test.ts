// The http and tcp probes against servers of the test's own on loopback.
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeCheck } from './probes';

const noExec = async () => ({ exitCode: 0, output: '' });
const probe = probeCheck('127.0.0.1', noExec);

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)),
  );
}

describe('probes', () => {
  let port = 0;
  let hanging = 0;
  let closed = 0;
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    const code = Number(req.url?.slice(1)) || 200;
    res.writeHead(code, code >= 300 && code < 400 ? { location: '/' } : {}).end();
  });
  // Accepts and never answers: an http check that hangs.
  const silent = net.createServer((s) => sockets.add(s));

  beforeAll(async () => {
    port = await listen(server);
    hanging = await listen(silent);
    const spare = net.createServer();
    closed = await listen(spare);
    await new Promise((r) => spare.close(r));
  });

  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
    await new Promise((r) => silent.close(r));
  });

  const signal = () => new AbortController().signal;

  it('http: 2xx and 3xx are healthy, anything else or no answer is not', async () => {
    expect(await probe('c', { kind: 'http', port, path: '/204' }, signal())).toEqual({
      ok: true,
      message: 'GET /204: 204',
    });
    expect((await probe('c', { kind: 'http', port, path: '/302' }, signal())).ok).toBe(true);
    expect(await probe('c', { kind: 'http', port, path: '/503' }, signal())).toEqual({
      ok: false,
      message: 'GET /503: 503',
    });
    const refused = await probe('c', { kind: 'http', port: closed, path: '/' }, signal());
    expect(refused.ok).toBe(false);
    expect(refused.message).toContain('ECONNREFUSED');
  });

  it('http: gives up when aborted', async () => {
    const abort = new AbortController();
    const pending = probe('c', { kind: 'http', port: hanging, path: '/' }, abort.signal);
    setTimeout(() => abort.abort(), 100);
    expect((await pending).ok).toBe(false);
  });

  it('tcp: a connect is healthy, a refusal is not, and a port never allocated fails saying so', async () => {
    expect(await probe('c', { kind: 'tcp', port }, signal())).toEqual({
      ok: true,
      message: `connected to port ${port}`,
    });
    expect((await probe('c', { kind: 'tcp', port: closed }, signal())).ok).toBe(false);
    expect(await probe('c', { kind: 'tcp', port: 0 }, signal())).toEqual({
      ok: false,
      message: 'the checked port has no host port',
    });
  });

  it('exec: exit code 0 is healthy, with the output in the message', async () => {
    const exec = probeCheck('127.0.0.1', async (_id, cmd) => ({ exitCode: cmd[0] === 'ok' ? 0 : 2, output: 'said\n' }));
    expect(await exec('c', { kind: 'exec', command: ['ok'] }, signal())).toEqual({
      ok: true,
      message: 'exit code 0: said',
    });
    expect((await exec('c', { kind: 'exec', command: ['no'] }, signal())).ok).toBe(false);
  });
});
