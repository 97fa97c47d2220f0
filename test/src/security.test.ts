// Security by default, end to end on loopback: the user API needs TLS and the admin token;
// agents join with the join token, get short-lived certificates bound to their names, renew
// them, and lose them with RotateJoinToken (for new joins) and RemoveNode. Agents run in this
// process against an engine address that does not answer: joining, registering and heartbeats
// need no Docker.
import fs from 'node:fs';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentIdentity, type AgentHandle, parseAgentConfig, startAgent } from '@coxswain/agent';
import { loadConfig, startControlPlane, type RunningControlPlane } from '@coxswain/control-plane';
import {
  createCsr,
  createLogger,
  describeCertificate,
  loadServices,
  parseJoinToken,
  tlsTargetOptions,
} from '@coxswain/shared';
import { CP, bufCurl, bufListMethods, type TlsOptions } from './buf';
import { waitFor } from './hosts';
import { pingOnlyEngine } from './in-process';

const silent = createLogger('test', 'silent');
// Answers pings only: the nodes are READY while no container can run.
const ENGINE_SOCKET = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'coxswain-sec-engine-')), 'engine.sock');
const NO_ENGINE = `unix://${ENGINE_SOCKET}`;
let engine: http.Server | undefined;
beforeAll(async () => {
  engine = await pingOnlyEngine(ENGINE_SOCKET);
});

interface Cluster {
  cp: RunningControlPlane;
  dir: string;
  target: string;
  tls: TlsOptions;
  ca: string;
  stop(): Promise<void>;
}

async function startCluster(args: string[] = []): Promise<Cluster> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coxswain-sec-'));
  const cp = await startControlPlane(
    loadConfig(
      [
        '--listen',
        '127.0.0.1:0',
        '--db',
        path.join(dir, 'coxswain.db'),
        '--node-timeout',
        '2s',
        '--heartbeat-interval',
        '500ms',
        ...args,
      ],
      {},
    ),
    silent,
  );
  const read = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8').trim();
  const insecure = args.includes('--insecure');
  return {
    cp,
    dir,
    target: `127.0.0.1:${cp.port}`,
    tls: { caFile: path.join(dir, 'ca.crt'), token: insecure ? '' : read('admin.token') },
    ca: insecure ? '' : fs.readFileSync(path.join(dir, 'ca.crt'), 'utf8'),
    async stop() {
      await cp.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const joinToken = (c: Cluster) => fs.readFileSync(path.join(c.dir, 'join.token'), 'utf8').trim();

function agentConfig(c: Cluster, name: string, extra: string[] = []) {
  const cfg = parseAgentConfig(
    [
      '--control-plane',
      c.target,
      '--name',
      name,
      '--docker-host',
      NO_ENGINE,
      '--state-dir',
      path.join(c.dir, `agent-${name}`),
      ...['--mesh-kernel', 'off'], // the machine's own namespace: its netfilter rules are not ours
      ...extra,
    ],
    {},
  );
  if ('help' in cfg) throw new Error('unexpected --help');
  return cfg;
}

const agents: AgentHandle[] = [];
function runAgent(c: Cluster, name: string, extra: string[] = []): AgentHandle {
  const a = startAgent(agentConfig(c, name, extra), { logger: silent, backoffMaxMs: 300, eventsRetryMs: 60_000 });
  agents.push(a);
  return a;
}

async function nodeStates(c: Cluster): Promise<Record<string, string>> {
  const r = await bufCurl(c.target, `${CP}/ListNodes`, {}, { tls: c.tls });
  if (!r.ok) throw new Error(`ListNodes: ${r.code}: ${r.message}`);
  return Object.fromEntries((r.json.nodes ?? []).map((n: any) => [n.name, n.state]));
}

const waitForState = (c: Cluster, name: string, state: string | undefined, timeoutMs = 15_000) =>
  waitFor(
    `${name} ${state ?? 'gone'}`,
    async () => ((await nodeStates(c))[name] === state ? true : undefined),
    timeoutMs,
    200,
  );

type GatewayClient = grpc.Client & Record<string, (...args: any[]) => any>;

/** TLS credentials trusting the cluster CA, verifying the control plane's address; the client certificate when given. */
function ssl(c: Cluster, id?: { certPem: string; keyPem: string }): grpc.ChannelCredentials {
  return grpc.credentials.createSsl(
    Buffer.from(c.ca),
    id ? Buffer.from(id.keyPem) : null,
    id ? Buffer.from(id.certPem) : null,
    tlsTargetOptions(c.target).verifyOptions,
  );
}

function gateway(c: Cluster, creds: grpc.ChannelCredentials): GatewayClient {
  const { AgentGateway } = loadServices();
  return new AgentGateway(c.target, creds, tlsTargetOptions(c.target).channelOptions) as unknown as GatewayClient;
}

/** Join by hand: the certificate and key, or the refusal's status code. */
async function join(
  c: Cluster,
  token: string,
  name: string,
): Promise<{ certPem: string; keyPem: string } | { code: number; details: string }> {
  const { keyPem, csrPem } = await createCsr(name);
  const client = gateway(c, ssl(c));
  try {
    return await new Promise((resolve) => {
      client.Join({ token, name, csrPem }, (err: grpc.ServiceError | null, res: any) =>
        resolve(err ? { code: err.code, details: err.details } : { certPem: res.certPem, keyPem }),
      );
    });
  } finally {
    client.close();
  }
}

/** Opens Connect with the given client identity and registers as `name`: "registered" or the status code. */
async function connectAs(
  c: Cluster,
  id: { certPem: string; keyPem: string } | undefined,
  name: string,
): Promise<'registered' | number> {
  const client = gateway(c, ssl(c, id));
  try {
    return await new Promise((resolve) => {
      const stream = client.Connect();
      stream.on('data', () => {
        resolve('registered');
        stream.cancel();
      });
      stream.on('error', (err: grpc.ServiceError) => resolve(err.code));
      stream.write({
        register: {
          name,
          labels: {},
          capacity: { cpuMillis: 1000, memoryBytes: 1 << 30 },
          agentVersion: 'test',
          addresses: [],
        },
      });
    });
  } finally {
    client.close();
  }
}

/** ListNodes over TLS with grpc-js, with or without a bearer token: the status code. */
async function listNodesWith(c: Cluster, token: string | undefined): Promise<number> {
  const { ControlPlane } = loadServices();
  const client = new ControlPlane(
    c.target,
    ssl(c),
    tlsTargetOptions(c.target).channelOptions,
  ) as unknown as GatewayClient;
  const md = new grpc.Metadata();
  if (token !== undefined) md.set('authorization', `Bearer ${token}`);
  try {
    return await new Promise((resolve) =>
      client.ListNodes({}, md, (err: grpc.ServiceError | null) => resolve(err ? err.code : grpc.status.OK)),
    );
  } finally {
    client.close();
  }
}

afterAll(async () => {
  for (const a of agents) await a.stop();
  engine?.closeAllConnections();
  await new Promise((resolve) => engine?.close(resolve));
  fs.rmSync(path.dirname(ENGINE_SOCKET), { recursive: true, force: true });
});

describe('a control plane started with defaults', () => {
  let c: Cluster;
  beforeAll(async () => {
    c = await startCluster(['--tls-san', 'cp.example.test,10.9.8.7', '--tls-san', 'other.example.test']);
  });
  afterAll(() => c?.stop());

  it('keeps its secrets beside the database, private, with the CA fingerprint in the join token', async () => {
    for (const f of ['ca.key', 'server.key', 'admin.token', 'join.token']) {
      expect((fs.statSync(path.join(c.dir, f)).mode & 0o777).toString(8), f).toBe('600');
    }
    const { caFingerprint } = parseJoinToken(joinToken(c));
    const { createHash, X509Certificate } = await import('node:crypto');
    expect(caFingerprint).toBe(createHash('sha256').update(new X509Certificate(c.ca).raw).digest('hex'));
  });

  it('serves a certificate for loopback, the host name, its addresses and every --tls-san', () => {
    const names = describeCertificate(fs.readFileSync(path.join(c.dir, 'server.crt'), 'utf8')).altNames;
    expect(names).toEqual(
      expect.arrayContaining([
        'localhost',
        '127.0.0.1',
        '0:0:0:0:0:0:0:1',
        os.hostname(),
        'cp.example.test',
        '10.9.8.7',
        'other.example.test',
      ]),
    );
  });

  it('answers with the CA and the admin token, reflection included', async () => {
    expect((await bufCurl(c.target, `${CP}/ListNodes`, {}, { tls: c.tls })).ok).toBe(true);
    expect(await bufListMethods(c.target, c.tls)).toEqual(
      expect.arrayContaining([`${CP}/RotateJoinToken`, `${CP}/RemoveNode`, 'coxswain.v1.AgentGateway/Join']),
    );
    // By name too: the certificate covers localhost.
    expect((await bufCurl(`localhost:${c.cp.port}`, `${CP}/ListWorkloads`, {}, { tls: c.tls })).ok).toBe(true);
  });

  it('refuses a call without the token, with a wrong one, and in plaintext', async () => {
    expect(await listNodesWith(c, undefined)).toBe(grpc.status.UNAUTHENTICATED);
    expect(await listNodesWith(c, 'wrong')).toBe(grpc.status.UNAUTHENTICATED);
    expect(await listNodesWith(c, c.tls.token)).toBe(grpc.status.OK);
    // Reflection is the API too: buf curl cannot even learn the schema without the token.
    await expect(bufListMethods(c.target, { caFile: c.tls.caFile })).rejects.toThrow(/not authenticated/);
    expect((await bufCurl(c.target, `${CP}/ListNodes`, {}, { tls: { caFile: c.tls.caFile } })).ok).toBe(false);
    const plaintext = await bufCurl(c.target, `${CP}/ListNodes`, {});
    expect(plaintext.ok).toBe(false);
  });
});

describe('agents', () => {
  let c: Cluster;
  beforeAll(async () => {
    c = await startCluster(['--agent-cert-ttl', '6s']);
  });
  afterAll(() => c?.stop());

  it('join with the token over mutual TLS and show up READY; the key stays private', async () => {
    runAgent(c, 'a1', ['--join-token', joinToken(c)]);
    await waitForState(c, 'a1', 'READY');
    expect((fs.statSync(path.join(c.dir, 'agent-a1', 'node.key')).mode & 0o777).toString(8)).toBe('600');
    expect(describeCertificate(fs.readFileSync(path.join(c.dir, 'agent-a1', 'node.crt'), 'utf8')).commonName).toBe(
      'a1',
    );
  });

  it('renew their certificate before it expires and keep working on the new one', async () => {
    const certFile = path.join(c.dir, 'agent-a1', 'node.crt');
    const first = describeCertificate(fs.readFileSync(certFile, 'utf8'));
    // Past the first certificate's end: a renewal must have happened before it.
    await waitFor(
      'first certificate expired',
      async () => (Date.now() > first.notAfter.getTime() + 500 ? true : undefined),
      15_000,
      200,
    );
    const now = describeCertificate(fs.readFileSync(certFile, 'utf8'));
    expect(now.serial).not.toBe(first.serial);
    expect(now.notAfter.getTime()).toBeGreaterThan(Date.now());
    // A fresh connection (the old stream could outlive the certificate) gets through with it.
    const id = {
      certPem: fs.readFileSync(certFile, 'utf8'),
      keyPem: fs.readFileSync(path.join(c.dir, 'agent-a1', 'node.key'), 'utf8'),
    };
    expect(await connectAs(c, id, 'a1')).toBe('registered');
    await waitForState(c, 'a1', 'READY');
  });

  it('cannot start without a join token or a stored certificate', () => {
    expect(() => startAgent(agentConfig(c, 'no-token'), { logger: silent })).toThrow(/no join token/);
  });

  it('are refused a certificate with a wrong token or a token of another cluster', async () => {
    const { caFingerprint } = parseJoinToken(joinToken(c));
    const wrongSecret = await join(c, `CXJ1-${caFingerprint}-${'0'.repeat(32)}`, 'w1');
    expect(wrongSecret).toMatchObject({ code: grpc.status.UNAUTHENTICATED });
    expect(await join(c, 'garbage', 'w1')).toMatchObject({ code: grpc.status.UNAUTHENTICATED });

    // An agent holding another cluster's token never sends it: the CA fingerprint does not match.
    const other = await startCluster();
    try {
      const identity = new AgentIdentity({
        target: c.target,
        name: 'w2',
        joinToken: joinToken(other),
        stateDir: path.join(c.dir, 'w2'),
        logger: silent,
      });
      await expect(identity.credentials()).rejects.toThrow(/fingerprint/);
      identity.close();
    } finally {
      await other.stop();
    }
    expect((await nodeStates(c)).w1).toBeUndefined();
  });

  it('cannot connect without a certificate, nor as another node with its own', async () => {
    expect(await connectAs(c, undefined, 'a1')).toBe(grpc.status.UNAUTHENTICATED);
    const h1 = await join(c, joinToken(c), 'h1');
    if (!('certPem' in h1)) throw new Error(`join failed: ${h1.details}`);
    expect(await connectAs(c, h1, 'h2')).toBe(grpc.status.PERMISSION_DENIED);
    expect(await connectAs(c, h1, 'h1')).toBe('registered');
    expect((await nodeStates(c)).h2).toBeUndefined();
  });

  it('are not admitted with a rotated-out token; joined agents stay', async () => {
    const old = joinToken(c);
    const rotated = await bufCurl(c.target, `${CP}/RotateJoinToken`, {}, { tls: c.tls });
    expect(rotated.ok).toBe(true);
    expect(rotated.json.joinToken).not.toBe(old);
    expect(joinToken(c)).toBe(rotated.json.joinToken);
    expect(await join(c, old, 'late')).toMatchObject({ code: grpc.status.UNAUTHENTICATED });
    expect(await join(c, rotated.json.joinToken, 'late')).toHaveProperty('certPem');
    expect((await nodeStates(c)).a1).toBe('READY');
  });

  it('lose their certificates when their node is removed', async () => {
    const gone = await join(c, joinToken(c), 'gone');
    if (!('certPem' in gone)) throw new Error(`join failed: ${gone.details}`);
    expect(await connectAs(c, gone, 'gone')).toBe('registered');
    const ready = await bufCurl(c.target, `${CP}/RemoveNode`, { name: 'a1' }, { tls: c.tls });
    expect(ready.code).toBe('failed_precondition');

    await waitForState(c, 'gone', 'DOWN');
    const removed = await bufCurl(c.target, `${CP}/RemoveNode`, { name: 'gone' }, { tls: c.tls });
    expect(removed.ok, removed.message).toBe(true);
    expect(removed.json.revokedSerials).toContain(describeCertificate(gone.certPem).serial);
    expect((await nodeStates(c)).gone).toBeUndefined();
    expect(await connectAs(c, gone, 'gone')).toBe(grpc.status.UNAUTHENTICATED);
    // Joining again with the current token is how a removed host comes back.
    const back = await join(c, joinToken(c), 'gone');
    if (!('certPem' in back)) throw new Error(`join failed: ${back.details}`);
    expect(await connectAs(c, back, 'gone')).toBe('registered');
  });
});

describe('a removed node that comes back', () => {
  let c: Cluster;
  beforeAll(async () => {
    c = await startCluster();
  });
  afterAll(() => c?.stop());

  it('finds its stored certificate refused and joins again with its token', async () => {
    const first = runAgent(c, 'r1', ['--join-token', joinToken(c)]);
    await waitForState(c, 'r1', 'READY');
    const certFile = path.join(c.dir, 'agent-r1', 'node.crt');
    const oldSerial = describeCertificate(fs.readFileSync(certFile, 'utf8')).serial;
    await first.stop();
    await waitForState(c, 'r1', 'DOWN');
    const removed = await bufCurl(c.target, `${CP}/RemoveNode`, { name: 'r1' }, { tls: c.tls });
    expect(removed.json.revokedSerials).toEqual([oldSerial]);

    runAgent(c, 'r1', ['--join-token', joinToken(c)]);
    await waitForState(c, 'r1', 'READY');
    expect(describeCertificate(fs.readFileSync(certFile, 'utf8')).serial).not.toBe(oldSerial);
  });
});

describe('--insecure', () => {
  let c: Cluster;
  beforeAll(async () => {
    c = await startCluster(['--insecure']);
  });
  afterAll(() => c?.stop());

  it('serves plaintext without tokens and writes no secrets', async () => {
    expect((await bufCurl(c.target, `${CP}/ListNodes`, {})).ok).toBe(true);
    expect(fs.existsSync(path.join(c.dir, 'admin.token'))).toBe(false);
    expect((await bufCurl(c.target, `${CP}/RotateJoinToken`, {})).code).toBe('failed_precondition');
  });

  it('admits an --insecure agent', async () => {
    runAgent(c, 'plain', ['--insecure']);
    await waitFor(
      'plain READY',
      async () => {
        const r = await bufCurl(c.target, `${CP}/ListNodes`, {});
        return r.ok && r.json.nodes?.some((n: any) => n.name === 'plain' && n.state === 'READY') ? true : undefined;
      },
      15_000,
      200,
    );
  });
});
