// A grpc-js client of the user API for tests that send many requests (buf curl per request
// would take minutes). It speaks TLS with the cluster CA and the admin token when the control
// plane's data folder holds them, plaintext otherwise.
import fs from 'node:fs';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { loadServices, tlsTargetOptions } from '@coxswain/shared';

export interface ApiClient {
  call<T = any>(method: string, request: unknown, timeoutMs?: number): Promise<T>;
  close(): void;
  raw: grpc.Client;
}

export function apiClient(target: string, dataDir?: string): ApiClient {
  const ca = dataDir && path.join(dataDir, 'ca.crt');
  const tokenFile = dataDir && path.join(dataDir, 'admin.token');
  const secure = !!ca && fs.existsSync(ca);
  const tls = secure ? tlsTargetOptions(target) : { channelOptions: {}, verifyOptions: {} };
  let creds = secure
    ? grpc.credentials.createSsl(fs.readFileSync(ca!), null, null, tls.verifyOptions)
    : grpc.credentials.createInsecure();
  if (secure && tokenFile && fs.existsSync(tokenFile)) {
    const token = fs.readFileSync(tokenFile, 'utf8').trim();
    creds = grpc.credentials.combineChannelCredentials(
      creds,
      grpc.credentials.createFromMetadataGenerator((_params, cb) => {
        const md = new grpc.Metadata();
        md.set('authorization', `Bearer ${token}`);
        cb(null, md);
      }),
    );
  }
  const { ControlPlane } = loadServices();
  const client = new ControlPlane(target, creds, { ...tls.channelOptions, 'grpc.max_send_message_length': 64 << 20 });
  return {
    raw: client,
    call(method, request, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const fn = (client as any)[method];
        if (typeof fn !== 'function') return reject(new Error(`no method ${method}`));
        fn.call(client, request, { deadline: Date.now() + timeoutMs }, (err: grpc.ServiceError | null, res: any) =>
          err ? reject(err) : resolve(res),
        );
      });
    },
    close: () => client.close(),
  };
}

/** The status code of a failed call, or OK. */
export async function codeOf(p: Promise<unknown>): Promise<grpc.status> {
  try {
    await p;
    return grpc.status.OK;
  } catch (err) {
    return (err as grpc.ServiceError).code ?? grpc.status.UNKNOWN;
  }
}
