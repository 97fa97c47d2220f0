import * as grpc from '@grpc/grpc-js';
import {
  type CertificateResponse,
  issueCertificate,
  type JoinRequest,
  type KeyPairPem,
  type Logger,
  readCsr,
  type RenewRequest,
} from '@coxswain/shared';
import { ValidationError, validateNodeName } from '../validation';
import { peerNode } from './auth';
import { unwritableFile } from './files';
import type { CertRegistry } from './registry';
import { JoinRefused, type JoinTokens } from './tokens';

const DNS_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/i;

export interface IssuerDeps {
  ca: KeyPairPem;
  joinTokens: JoinTokens;
  registry: CertRegistry;
  certTtlMs: number;
  log: Logger;
}

type Unary<Req> = (
  call: grpc.ServerUnaryCall<Req, CertificateResponse>,
  cb: grpc.sendUnaryData<CertificateResponse>,
) => void;

/** The handlers of AgentGateway.Join and .Renew: client certificates bound to node names. */
export function certificateHandlers(deps: IssuerDeps): { Join: Unary<JoinRequest>; Renew: Unary<RenewRequest> } {
  const { log } = deps;

  const issue = async (node: string, csrPem: string): Promise<CertificateResponse> => {
    let publicKey;
    try {
      publicKey = await readCsr(csrPem);
    } catch (err) {
      throw new ValidationError('csrPem', (err as Error).message);
    }
    const now = Date.now();
    const notAfter = new Date(now + deps.certTtlMs);
    const { certPem, serial } = await issueCertificate({
      ca: deps.ca,
      commonName: node,
      altNames: DNS_NAME.test(node) ? [node] : [],
      // Not backdated: only this process checks these certificates, with this clock, and the
      // agent schedules renewal from the lifetime, which backdating would stretch.
      validity: { notBefore: new Date(now), notAfter },
      usage: 'client',
      publicKey,
    });
    // Recorded before it is handed out: a certificate the registry does not know could not be
    // revoked with its node.
    deps.registry.recordIssued(node, serial, notAfter.getTime());
    log.info({ node, serial, notAfter: notAfter.toISOString() }, 'agent certificate issued');
    return { certPem, caPem: deps.ca.certPem, notAfter: notAfter.toISOString() };
  };

  const answer = (method: string, cb: grpc.sendUnaryData<CertificateResponse>, work: Promise<CertificateResponse>) => {
    work.then(
      (res) => cb(null, res),
      (err: Error) => {
        if (err instanceof ValidationError) return cb({ code: grpc.status.INVALID_ARGUMENT, details: err.message });
        if (err instanceof JoinRefused) return cb({ code: grpc.status.UNAUTHENTICATED, details: err.message });
        const disk = unwritableFile(err);
        if (disk) return cb({ code: grpc.status.UNAVAILABLE, details: disk });
        log.error({ err, method }, 'certificate request failed');
        cb({ code: grpc.status.INTERNAL, details: `${method}: ${err.message}` });
      },
    );
  };

  return {
    Join: (call, cb) => {
      const { token, name, csrPem } = call.request;
      answer(
        'Join',
        cb,
        (async () => {
          try {
            deps.joinTokens.check(token);
          } catch (err) {
            log.warn({ node: name, peer: call.getPeer(), reason: (err as Error).message }, 'join refused');
            throw err;
          }
          return issue(validateNodeName(name, 'name'), csrPem);
        })(),
      );
    },
    Renew: (call, cb) => {
      // The interceptor let this call through only with a valid, unrevoked certificate.
      const node = peerNode(call.getAuthContext());
      if (!node)
        return cb({ code: grpc.status.UNAUTHENTICATED, details: 'Renew needs the client certificate it renews' });
      answer('Renew', cb, issue(node.name, call.request.csrPem));
    },
  };
}
