import * as grpc from '@grpc/grpc-js';
import {
  type CertificateResponse,
  certFingerprint,
  createCsr,
  describeCertificate,
  issuedBy,
  type JoinToken,
  type Logger,
  loadServices,
  parseJoinToken,
  tlsTargetOptions,
  type TlsTargetOptions,
} from '@coxswain/shared';
import { fetchPinnedCa } from './probe';
import { IdentityFiles, type StoredIdentity } from './state';

export interface IdentityOptions {
  /** Control plane HOST:PORT. */
  target: string;
  name: string;
  joinToken?: string;
  stateDir: string;
  logger: Logger;
  /** Renew when this fraction of the certificate's lifetime has passed. */
  renewAt?: number;
}

type CertClient = grpc.Client & {
  Join(
    req: object,
    opts: grpc.CallOptions,
    cb: (err: grpc.ServiceError | null, res?: CertificateResponse) => void,
  ): void;
  Renew(
    req: object,
    opts: grpc.CallOptions,
    cb: (err: grpc.ServiceError | null, res?: CertificateResponse) => void,
  ): void;
};

const CALL_TIMEOUT_MS = 15_000;
const MIN_RETRY_MS = 1_000;

/**
 * The agent's TLS identity: joins with the token when it has no usable certificate, renews the
 * certificate before it expires, and gives the session the credentials to connect with.
 */
export class AgentIdentity {
  private readonly files: IdentityFiles;
  private readonly token: JoinToken | undefined;
  private readonly log: Logger;
  /** Verifies a control plane given by IP address against the address, without DEP0123. */
  private readonly tls: TlsTargetOptions;
  private current: StoredIdentity | undefined;
  private creds: grpc.ChannelCredentials | undefined;
  private renewTimer: NodeJS.Timeout | undefined;
  private joining: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly opts: IdentityOptions) {
    this.log = opts.logger;
    this.files = new IdentityFiles(opts.stateDir);
    this.tls = tlsTargetOptions(opts.target);
    this.token = opts.joinToken ? parseJoinToken(opts.joinToken) : undefined;
    this.current = this.usable(this.files.load());
    if (!this.current && !this.token) {
      throw new Error(
        `no join token and no certificate in ${opts.stateDir}: pass --join-token (the control plane prints it and keeps it in join.token beside its database), or --insecure if the control plane runs without TLS`,
      );
    }
    if (this.current) this.scheduleRenewal();
  }

  /** A stored identity is kept only if it is this node's, unexpired, and of the token's cluster. */
  private usable(id: StoredIdentity | undefined): StoredIdentity | undefined {
    if (!id) return undefined;
    const why = (() => {
      try {
        const d = describeCertificate(id.certPem);
        if (d.commonName !== this.opts.name) return `it is for node "${d.commonName}"`;
        if (d.notAfter.getTime() <= Date.now()) return `it expired ${d.notAfter.toISOString()}`;
        if (!issuedBy(id.certPem, id.caPem)) return 'it is not signed by the stored CA';
        if (this.token && certFingerprint(id.caPem) !== this.token.caFingerprint)
          return 'the join token names another cluster CA';
        return undefined;
      } catch (err) {
        return `it cannot be read: ${(err as Error).message}`;
      }
    })();
    if (why) this.log.info({ stateDir: this.opts.stateDir, reason: why }, 'stored certificate not used');
    return why ? undefined : id;
  }

  /** Options for every channel made with these credentials: the other half of the TLS check. */
  get channelOptions(): grpc.ChannelOptions {
    return this.tls.channelOptions;
  }

  /** TLS credentials trusting `caPem` only, with the client certificate when given. */
  private ssl(caPem: string, client?: { keyPem: string; certPem: string }): grpc.ChannelCredentials {
    return grpc.credentials.createSsl(
      Buffer.from(caPem),
      client ? Buffer.from(client.keyPem) : null,
      client ? Buffer.from(client.certPem) : null,
      this.tls.verifyOptions,
    );
  }

  /** Credentials for the next stream; joins first when there is no usable certificate. */
  async credentials(): Promise<grpc.ChannelCredentials> {
    if (!this.current || describeCertificate(this.current.certPem).notAfter.getTime() <= Date.now()) {
      await this.join();
    }
    if (!this.creds) {
      const id = this.current;
      if (!id) throw new Error('no client certificate after joining');
      this.creds = this.ssl(id.caPem, id);
    }
    return this.creds;
  }

  /** The control plane refused the certificate (revoked, or the cluster was rebuilt). */
  rejected(reason: string): void {
    if (!this.current) return;
    this.log.warn({ reason, rejoin: !!this.token }, "control plane refused this node's certificate");
    this.current = undefined;
    this.creds = undefined;
  }

  private join(): Promise<void> {
    // Concurrent callers share one join.
    this.joining ??= this.doJoin().finally(() => {
      this.joining = undefined;
    });
    return this.joining;
  }

  private async doJoin(): Promise<void> {
    if (!this.token)
      throw new Error(
        'the certificate is no longer accepted and there is no join token to get a new one: restart with --join-token',
      );
    const caPem = await fetchPinnedCa(this.opts.target, this.token.caFingerprint);
    const { keyPem, csrPem } = await createCsr(this.opts.name);
    const res = await this.call(this.ssl(caPem), 'Join', {
      token: this.opts.joinToken,
      name: this.opts.name,
      csrPem,
    });
    this.adopt(keyPem, res, caPem);
    this.log.info({ target: this.opts.target, notAfter: res.notAfter }, 'joined the cluster');
  }

  private async renew(): Promise<void> {
    const id = this.current;
    if (!id || this.closed) return;
    const { keyPem, csrPem } = await createCsr(this.opts.name);
    const res = await this.call(this.ssl(id.caPem, id), 'Renew', { csrPem });
    this.adopt(keyPem, res, id.caPem);
    this.log.info({ notAfter: res.notAfter }, 'certificate renewed');
  }

  private adopt(keyPem: string, res: CertificateResponse, trustedCaPem: string): void {
    // The CA in the answer must be the one already verified, or a forged answer could swap it.
    if (certFingerprint(res.caPem) !== certFingerprint(trustedCaPem))
      throw new Error('control plane answered with another CA than the one verified');
    if (!issuedBy(res.certPem, trustedCaPem)) throw new Error('issued certificate is not signed by the cluster CA');
    const id = { keyPem, certPem: res.certPem, caPem: trustedCaPem };
    this.files.save(id);
    this.current = { ...id, receivedAt: Date.now() };
    // The session picks the new credentials up on its next stream; the open one stays valid.
    this.creds = undefined;
    this.scheduleRenewal();
  }

  private scheduleRenewal(retry = false): void {
    if (this.renewTimer) clearTimeout(this.renewTimer);
    if (this.closed || !this.current) return;
    const d = describeCertificate(this.current.certPem);
    const lifetime = d.notAfter.getTime() - d.notBefore.getTime();
    const remaining = d.notAfter.getTime() - Date.now();
    // From the local arrival time and the lifetime only: the control plane's clock may differ.
    const planned = this.current.receivedAt + lifetime * (this.opts.renewAt ?? 2 / 3) - Date.now();
    const delay = retry ? Math.max(MIN_RETRY_MS, Math.min(30_000, remaining / 4)) : Math.max(MIN_RETRY_MS, planned);
    this.renewTimer = setTimeout(() => {
      this.renew().then(
        () => undefined,
        (err: Error) => {
          this.log.warn(
            { err: err.message, expiresAt: d.notAfter.toISOString() },
            'certificate renewal failed; retrying',
          );
          this.scheduleRenewal(true);
        },
      );
    }, delay);
    this.renewTimer.unref();
  }

  private call(creds: grpc.ChannelCredentials, method: 'Join' | 'Renew', req: object): Promise<CertificateResponse> {
    const { AgentGateway } = loadServices();
    const client = new AgentGateway(this.opts.target, creds, this.tls.channelOptions) as unknown as CertClient;
    return new Promise<CertificateResponse>((resolve, reject) => {
      const deadline = new Date(Date.now() + CALL_TIMEOUT_MS);
      client.waitForReady(deadline, (err) => {
        if (err) return reject(new Error(`${method}: cannot reach ${this.opts.target}: ${err.message}`));
        client[method](req, { deadline }, (e: grpc.ServiceError | null, res?: CertificateResponse) =>
          e
            ? reject(new Error(`${method} refused: ${e.details || e.message}`))
            : res
              ? resolve(res)
              : reject(new Error(`${method}: empty answer`)),
        );
      });
    }).finally(() => client.close());
  }

  close(): void {
    this.closed = true;
    if (this.renewTimer) clearTimeout(this.renewTimer);
  }
}
