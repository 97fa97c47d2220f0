import os from 'node:os';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCa, generateKey, issueCertificate, type KeyPairPem, privateKeyToPem } from './pki';
import { IP_TARGET_SERVER_NAME, targetHost, tlsTargetOptions } from './tls-target';

const validity = () => ({ notBefore: new Date(Date.now() - 1000), notAfter: new Date(Date.now() + 3_600_000) });

const bytes = (b: Buffer) => b;
const service: grpc.ServiceDefinition = {
  ping: {
    path: '/tls.Test/Ping',
    requestStream: false,
    responseStream: false,
    requestSerialize: bytes,
    requestDeserialize: bytes,
    responseSerialize: bytes,
    responseDeserialize: bytes,
  },
};
const Client = grpc.makeGenericClientConstructor(service, 'Test');
type PingClient = grpc.Client & { ping(req: Buffer, opts: grpc.CallOptions, cb: grpc.requestCallback<Buffer>): void };

const hasIpv6Loopback = Object.values(os.networkInterfaces()).some((list) =>
  list?.some((i) => i.internal && i.address === '::1'),
);

describe('targetHost', () => {
  it.each([
    ['127.0.0.1:7070', '127.0.0.1'],
    ['[::1]:7070', '::1'],
    ['[fe80::1]', 'fe80::1'],
    ['::1', '::1'],
    ['cp.example.test:7070', 'cp.example.test'],
    ['dns:///cp.example.test:7070', 'cp.example.test'],
    ['localhost', 'localhost'],
  ])('%s -> %s', (target, host) => expect(targetHost(target)).toBe(host));
});

describe('tlsTargetOptions', () => {
  it('adds nothing for a DNS name', () => {
    expect(tlsTargetOptions('cp.example.test:7070')).toEqual({ channelOptions: {}, verifyOptions: {} });
  });

  it('overrides the SNI name for an IP address, v4 and v6', () => {
    for (const t of ['10.0.0.1:7070', '[fd00::1]:7070']) {
      const o = tlsTargetOptions(t);
      expect(o.channelOptions['grpc.ssl_target_name_override']).toBe(IP_TARGET_SERVER_NAME);
      expect(o.verifyOptions.checkServerIdentity).toBeTypeOf('function');
    }
  });
});

describe('a TLS channel to an IP address', () => {
  let ca: KeyPairPem;
  const servers: grpc.Server[] = [];

  beforeAll(async () => {
    ca = await createCa('test CA', validity());
  });
  afterAll(() => servers.forEach((s) => s.forceShutdown()));

  /** A server on `host` whose certificate names `altNames`; its port. */
  async function serve(host: string, altNames: string[]): Promise<number> {
    const keys = await generateKey();
    const { certPem } = await issueCertificate({
      ca,
      commonName: 'cp',
      altNames,
      validity: validity(),
      usage: 'server',
      publicKey: keys.publicKey,
    });
    const server = new grpc.Server();
    server.addService(service, {
      ping: (_call: unknown, cb: grpc.sendUnaryData<Buffer>) => cb(null, Buffer.from('pong')),
    });
    const creds = grpc.ServerCredentials.createSsl(
      null,
      [{ private_key: Buffer.from(await privateKeyToPem(keys.privateKey)), cert_chain: Buffer.from(certPem) }],
      false,
    );
    servers.push(server);
    return new Promise((resolve, reject) =>
      server.bindAsync(`${host.includes(':') ? `[${host}]` : host}:0`, creds, (err, port) =>
        err ? reject(err) : resolve(port),
      ),
    );
  }

  /** "pong", or the error the call failed with. */
  function ping(target: string): Promise<string> {
    const { channelOptions, verifyOptions } = tlsTargetOptions(target);
    const creds = grpc.credentials.createSsl(Buffer.from(ca.certPem), null, null, verifyOptions);
    const client = new Client(target, creds, channelOptions) as unknown as PingClient;
    return new Promise<string>((resolve) =>
      client.ping(Buffer.alloc(0), { deadline: Date.now() + 5_000 }, (err, res) =>
        resolve(err ? `${grpc.status[err.code]}: ${err.details}` : String(res)),
      ),
    ).finally(() => client.close());
  }

  // Under --throw-deprecation (as the suite runs) a DEP0123 would also crash this worker.
  const warnings: Error[] = [];
  const onWarning = (w: Error) => warnings.push(w);
  beforeAll(() => void process.on('warning', onWarning));
  afterAll(() => {
    process.off('warning', onWarning);
    expect(warnings.map((w) => w.message)).toEqual([]);
  });

  it('is accepted when the certificate covers the address', async () => {
    const port = await serve('127.0.0.1', ['localhost', '127.0.0.1']);
    expect(await ping(`127.0.0.1:${port}`)).toBe('pong');
  });

  it('is refused when the certificate does not cover the address', async () => {
    const port = await serve('127.0.0.1', ['localhost', '127.0.0.2']);
    const res = await ping(`127.0.0.1:${port}`);
    expect(res).toMatch(/^UNAVAILABLE: .*IP: 127\.0\.0\.1 is not in the cert's list/);
  });

  it('is refused when the certificate names only the override', async () => {
    const port = await serve('127.0.0.1', [IP_TARGET_SERVER_NAME]);
    expect(await ping(`127.0.0.1:${port}`)).toMatch(/^UNAVAILABLE: .*127\.0\.0\.1/);
  });

  it.skipIf(!hasIpv6Loopback)('works for IPv6 in brackets, both ways', async () => {
    const good = await serve('::1', ['::1']);
    expect(await ping(`[::1]:${good}`)).toBe('pong');
    const bad = await serve('::1', ['127.0.0.1']);
    expect(await ping(`[::1]:${bad}`)).toMatch(/^UNAVAILABLE: .*::1/);
  });

  it('still checks the name for a DNS target', async () => {
    const good = await serve('127.0.0.1', ['localhost']);
    expect(await ping(`localhost:${good}`)).toBe('pong');
    const bad = await serve('127.0.0.1', ['127.0.0.1']);
    expect(await ping(`localhost:${bad}`)).toMatch(/^UNAVAILABLE: .*localhost/);
  });
});
