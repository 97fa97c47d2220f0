import type { PeerCertificate } from 'node:tls';
import * as grpc from '@grpc/grpc-js';
import type { Logger } from '@coxswain/shared';
import type { CertRegistry } from './registry';
import { sameSecret } from './tokens';

const AGENT_PREFIX = '/coxswain.v1.AgentGateway/';
const JOIN_PATH = `${AGENT_PREFIX}Join`;

export interface PeerNode {
  name: string;
  serial: string;
}

/**
 * The node a call's client certificate names. grpc-js reports a certificate only when TLS
 * verified it against the cluster CA (validity period included), so presence means trust.
 */
export function peerNode(ctx: { sslPeerCertificate?: PeerCertificate }): PeerNode | undefined {
  const cert = ctx.sslPeerCertificate;
  const cn = cert?.subject?.CN;
  if (!cert || !cn) return undefined;
  return { name: Array.isArray(cn) ? cn[0] : cn, serial: cert.serialNumber.replace(/^0+/, '').toUpperCase() };
}

export class AuthError extends Error {
  constructor(
    readonly code: grpc.status,
    message: string,
  ) {
    super(message);
  }
}

export interface AuthOptions {
  adminToken: string;
  registry: CertRegistry;
  log: Logger;
}

/** Decides one call from its path, metadata and TLS peer; throws AuthError to refuse it. */
export function authorize(
  opts: AuthOptions,
  path: string,
  metadata: grpc.Metadata,
  peer: { sslPeerCertificate?: PeerCertificate },
): void {
  if (path === JOIN_PATH) return; // admitted by the join token in its body
  if (path.startsWith(AGENT_PREFIX)) {
    const node = peerNode(peer);
    if (!node)
      throw new AuthError(
        grpc.status.UNAUTHENTICATED,
        'agent calls need a client certificate from this cluster (valid, not expired): join with a join token first',
      );
    if (opts.registry.isRevoked(node.serial)) {
      throw new AuthError(
        grpc.status.UNAUTHENTICATED,
        `certificate ${node.serial} of node "${node.name}" is revoked (the node was removed); join again with the current join token`,
      );
    }
    return;
  }
  const header = metadata.get('authorization')[0];
  const m = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!m)
    throw new AuthError(
      grpc.status.UNAUTHENTICATED,
      'missing "authorization: Bearer <token>" header (the token is admin.token beside the database)',
    );
  if (!sameSecret(m[1], opts.adminToken)) throw new AuthError(grpc.status.UNAUTHENTICATED, 'bearer token is not valid');
}

/**
 * Every call on the port passes here before its handler runs: the user API and reflection need
 * the admin token, the agents' calls a client certificate, Join nothing (its body is checked).
 */
export function authInterceptor(opts: AuthOptions): grpc.ServerInterceptor {
  return (method, call) =>
    new grpc.ServerInterceptingCall(call, {
      start: (next) => {
        next({
          onReceiveMetadata: (metadata, mdNext) => {
            try {
              authorize(opts, method.path, metadata, call.getAuthContext());
            } catch (err) {
              if (!(err instanceof AuthError)) throw err;
              opts.log.warn({ method: method.path, peer: call.getPeer(), reason: err.message }, 'call refused');
              call.sendStatus({ code: err.code, details: err.message });
              return;
            }
            mdNext(metadata);
          },
        });
      },
    });
}
