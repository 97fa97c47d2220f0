// The operator CLI's connection: TLS with the cluster CA and a bearer token (from the context, the
// flags or the control plane's data folder), or plaintext; and typed calls over it.
import fs from 'node:fs';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { loadServices, tlsTargetOptions } from '@coxswain/shared';
import { CliError, fromStatus } from './errors';

export interface ConnectOptions {
  server: string;
  dataDir: string;
  caFile?: string;
  tokenFile?: string;
  insecure: boolean;
}

/** The user API as the CLI uses it: unary calls and streams by method name, errors as CliError. */
export interface Api {
  readonly server: string;
  call<Res>(method: string, request: object, timeoutMs?: number): Promise<Res>;
  /** A server stream (WatchEvents, StreamLogs). */
  stream<Res>(method: string, request: object): grpc.ClientReadableStream<Res>;
  /** A bidirectional stream (Exec). */
  duplex<Req, Res>(method: string): grpc.ClientDuplexStream<Req, Res>;
  close(): void;
}

function read(file: string, what: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw new CliError(
      `cannot read the ${what} ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` +
        ' (pass --data-dir, --ca-file and --token-file, use a context with them, or --insecure)',
    );
  }
}

function credentials(o: ConnectOptions): grpc.ChannelCredentials {
  if (o.insecure) return grpc.credentials.createInsecure();
  const ca = read(o.caFile ?? path.join(o.dataDir, 'ca.crt'), 'cluster CA');
  const token = read(o.tokenFile ?? path.join(o.dataDir, 'admin.token'), 'token')
    .toString('utf8')
    .trim();
  const bearer = grpc.credentials.createFromMetadataGenerator((_p, cb) => {
    const md = new grpc.Metadata();
    md.set('authorization', `Bearer ${token}`);
    cb(null, md);
  });
  const tls = tlsTargetOptions(o.server);
  return grpc.credentials.combineChannelCredentials(
    grpc.credentials.createSsl(ca, null, null, tls.verifyOptions),
    bearer,
  );
}

export function connect(o: ConnectOptions): Api {
  const { ControlPlane } = loadServices();
  // The TLS options only matter with TLS; plaintext channels ignore them.
  const client = new ControlPlane(
    o.server,
    credentials(o),
    o.insecure ? {} : tlsTargetOptions(o.server).channelOptions,
  );
  const definition = ControlPlane.service;
  const method = (name: string) => {
    const m = definition[name];
    if (!m) throw new Error(`the API has no method ${name}`);
    return m;
  };
  return {
    server: o.server,
    call<Res>(name: string, request: object, timeoutMs = 15_000): Promise<Res> {
      const m = method(name);
      return new Promise((resolve, reject) => {
        client.makeUnaryRequest<object, Res>(
          m.path,
          m.requestSerialize,
          m.responseDeserialize as (b: Buffer) => Res,
          request,
          { deadline: Date.now() + timeoutMs },
          (err, res) => (err ? reject(fromStatus(err, o.server)) : resolve(res as Res)),
        );
      });
    },
    stream<Res>(name: string, request: object): grpc.ClientReadableStream<Res> {
      const m = method(name);
      return client.makeServerStreamRequest<object, Res>(
        m.path,
        m.requestSerialize,
        m.responseDeserialize as (b: Buffer) => Res,
        request,
      );
    },
    duplex<Req, Res>(name: string): grpc.ClientDuplexStream<Req, Res> {
      const m = method(name);
      return client.makeBidiStreamRequest<Req, Res>(
        m.path,
        m.requestSerialize as (r: Req) => Buffer,
        m.responseDeserialize as (b: Buffer) => Res,
      );
    },
    close: () => client.close(),
  };
}
