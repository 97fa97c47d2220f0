import fs from 'node:fs';
import type { PeerCertificate } from 'node:tls';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { certFingerprint, type Logger } from '@coxswain/shared';
import { AuthError, authInterceptor, peerNode } from './auth';
import { CA_CERT, ensureServerCertificate, loadOrCreateCa, serverAltNames } from './ca';
import { certificateHandlers } from './issuer';
import { CertRegistry } from './registry';
import { ADMIN_TOKEN, JOIN_TOKEN, JoinTokens, loadOrCreateAdminToken } from './tokens';

export { AuthError } from './auth';
export { unwritableFile } from './files';

export interface SecurityOptions {
  /** Folder of the database: the secrets live beside it. */
  dir: string;
  tlsSans: string[];
  agentCertTtlMs: number;
  log: Logger;
}

export interface SecretFiles {
  caFile: string;
  adminTokenFile: string;
  joinTokenFile: string;
}

export interface Security {
  /** TLS (client certificates requested, not required) with the auth interceptor. */
  credentials: grpc.ServerCredentials;
  gateway: ReturnType<typeof certificateHandlers>;
  files: SecretFiles;
  /** True when this start made the CA or the tokens: the operator needs to hear about them. */
  created: boolean;
  joinToken(): string;
  rotateJoinToken(): string;
  /** Revokes the node's certificates; returns their serials. */
  revokeNode(name: string): string[];
  /** Throws AuthError unless the stream's client certificate was issued to `name`. */
  checkAgent(call: { getAuthContext(): { sslPeerCertificate?: PeerCertificate } }, name: string): void;
}

/**
 * Hands a fixed key, certificate and CA to grpc-js, which asks through listeners. The answer
 * comes on the next tick: grpc-js registers its own watcher only after adding the listeners, and
 * would miss an answer given at once.
 */
function staticProvider(update: {
  certificate: Buffer;
  privateKey: Buffer;
  caCertificate: Buffer;
}): grpc.experimental.CertificateProvider {
  return {
    addCaCertificateListener: (l) => process.nextTick(() => l({ caCertificate: update.caCertificate })),
    removeCaCertificateListener: () => undefined,
    addIdentityCertificateListener: (l) =>
      process.nextTick(() => l({ certificate: update.certificate, privateKey: update.privateKey })),
    removeIdentityCertificateListener: () => undefined,
  };
}

/** Loads the cluster's CA, server certificate and tokens from the folder, making what is missing. */
export async function setupSecurity(opts: SecurityOptions): Promise<Security> {
  const { dir, log } = opts;
  fs.mkdirSync(dir, { recursive: true });
  const { ca, created: caCreated } = await loadOrCreateCa(dir, log);
  const server = await ensureServerCertificate(dir, ca, serverAltNames(opts.tlsSans), log);
  const admin = loadOrCreateAdminToken(dir);
  const joinTokens = new JoinTokens(dir, certFingerprint(ca.certPem));
  const registry = new CertRegistry(dir);

  const provider = staticProvider({
    certificate: Buffer.from(server.certPem),
    privateKey: Buffer.from(server.keyPem),
    caCertificate: Buffer.from(ca.certPem),
  });
  // Not required at the TLS layer: Join and the user API come without a client certificate;
  // the interceptor decides per method instead.
  const tls = grpc.experimental.createCertificateProviderServerCredentials(provider, provider, false);
  const credentials = grpc.experimental.createServerCredentialsWithInterceptors(tls, [
    authInterceptor({ adminToken: admin.token, registry, log }),
  ]);

  return {
    credentials,
    gateway: certificateHandlers({ ca, joinTokens, registry, certTtlMs: opts.agentCertTtlMs, log }),
    files: {
      caFile: path.join(dir, CA_CERT),
      adminTokenFile: path.join(dir, ADMIN_TOKEN),
      joinTokenFile: path.join(dir, JOIN_TOKEN),
    },
    created: caCreated || admin.created || joinTokens.created,
    joinToken: () => joinTokens.current(),
    rotateJoinToken: () => joinTokens.rotate(),
    revokeNode: (name) => registry.revokeNode(name),
    checkAgent(call, name) {
      const node = peerNode(call.getAuthContext());
      if (!node) throw new AuthError(grpc.status.UNAUTHENTICATED, 'no client certificate');
      if (node.name !== name) {
        throw new AuthError(grpc.status.PERMISSION_DENIED, `certificate is for node "${node.name}", not "${name}"`);
      }
    },
  };
}
