// The operator CLI's connection: TLS with the cluster CA and the admin token from the control
// plane's data folder (as an operator on the control plane's host has them), or plaintext.
import fs from 'node:fs';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { loadServices, tlsTargetOptions } from '@coxswain/shared';

export interface ConnectOptions {
  server: string;
  dataDir: string;
  caFile?: string;
  tokenFile?: string;
  insecure: boolean;
}

/** A client made from the reflected service: methods are looked up by name at run time. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Api = grpc.Client & Record<string, any>;

function read(file: string, what: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw new Error(
      `cannot read the ${what} ${file}: ${(err as Error).message} (pass --data-dir, --ca-file/--token-file, or --insecure)`,
    );
  }
}

export function connect(o: ConnectOptions): Api {
  const { ControlPlane } = loadServices();
  if (o.insecure) return new ControlPlane(o.server, grpc.credentials.createInsecure()) as Api;
  const ca = read(o.caFile ?? path.join(o.dataDir, 'ca.crt'), 'cluster CA');
  const token = read(o.tokenFile ?? path.join(o.dataDir, 'admin.token'), 'admin token')
    .toString('utf8')
    .trim();
  const bearer = grpc.credentials.createFromMetadataGenerator((_p, cb) => {
    const md = new grpc.Metadata();
    md.set('authorization', `Bearer ${token}`);
    cb(null, md);
  });
  const tls = tlsTargetOptions(o.server);
  return new ControlPlane(
    o.server,
    grpc.credentials.combineChannelCredentials(grpc.credentials.createSsl(ca, null, null, tls.verifyOptions), bearer),
    tls.channelOptions,
  ) as Api;
}

/** One unary call, with the status name in the error so the user sees what kind of failure. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- replies are read by field name
export function call<T = any>(api: Api, method: string, request: object, timeoutMs = 15_000): Promise<T> {
  return new Promise((resolve, reject) => {
    api[method](request, { deadline: Date.now() + timeoutMs }, (err: grpc.ServiceError | null, res: T) => {
      if (err) reject(new Error(`${grpc.status[err.code] ?? err.code}: ${err.details || err.message}`));
      else resolve(res);
    });
  });
}
