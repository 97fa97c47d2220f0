import { X509Certificate, createHash } from 'node:crypto';
import net from 'node:net';
import tls, { type DetailedPeerCertificate } from 'node:tls';

function splitTarget(target: string): { host: string; port: number } {
  const m = /^\[?([^\]]*?)\]?:(\d+)$/.exec(target);
  if (!m) throw new Error(`control plane address "${target}" is not HOST:PORT`);
  return { host: m[1], port: Number(m[2]) };
}

const toPem = (der: Buffer) =>
  `-----BEGIN CERTIFICATE-----\n${der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .trim()}\n-----END CERTIFICATE-----\n`;

/**
 * Fetches the CA that the control plane's TLS chain ends in, and accepts it only when its
 * SHA-256 fingerprint is the one the join token carries and it really signed the server's
 * certificate. Nothing secret is sent on this connection; everything after it is verified
 * against the CA returned, host name included, like any TLS client would.
 */
export function fetchPinnedCa(target: string, fingerprint: string, timeoutMs = 10_000): Promise<string> {
  const { host, port } = splitTarget(target);
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host,
      port,
      // Verified by hand below, against the fingerprint instead of a trust store.
      rejectUnauthorized: false,
      // No SNI for an address (RFC 6066; Node warns with DEP0123), IPv6 with hex digits included.
      servername: host && !net.isIP(host) ? host : undefined,
      ALPNProtocols: ['h2'],
    });
    const fail = (why: string) => {
      socket.destroy();
      reject(new Error(`cannot verify control plane ${target}: ${why}`));
    };
    socket.setTimeout(timeoutMs, () => fail(`no TLS handshake within ${timeoutMs} ms`));
    socket.once('error', (err) => fail(err.message));
    socket.once('secureConnect', () => {
      const leaf = socket.getPeerCertificate(true) as DetailedPeerCertificate;
      socket.end();
      if (!leaf?.raw) return fail('it presented no certificate');
      const chain: Buffer[] = [];
      for (
        let c: DetailedPeerCertificate | undefined = leaf;
        c?.raw && !chain.some((d) => c?.raw !== undefined && d.equals(c.raw));
        c = c.issuerCertificate
      ) {
        chain.push(c.raw);
      }
      const ca = chain.find((der) => createHash('sha256').update(der).digest('hex') === fingerprint);
      if (!ca)
        return fail(
          'no certificate in its chain has the fingerprint of the join token (wrong cluster, or someone in between)',
        );
      const caCert = new X509Certificate(ca);
      const server = new X509Certificate(leaf.raw);
      if (!server.checkIssued(caCert) || !server.verify(caCert.publicKey))
        return fail('its certificate is not signed by the CA of the join token');
      resolve(toPem(ca));
    });
  });
}
