import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import {
  certChain,
  createCa,
  createCsr,
  describeCertificate,
  issueCertificate,
  issuedBy,
  type KeyPairPem,
  type Logger,
  readCsr,
} from '@coxswain/shared';
import { readIfExists, writeFileAtomic } from './files';

const DAY_MS = 86_400_000;
const CA_LIFETIME_MS = 10 * 365 * DAY_MS;
const SERVER_LIFETIME_MS = 365 * DAY_MS;
/** A server certificate closer than this to its end is replaced at the next start. */
const SERVER_RENEW_BEFORE_MS = 30 * DAY_MS;
/** Tolerates clients whose clocks run a little behind ours. */
const BACKDATE_MS = 5 * 60_000;

export const CA_CERT = 'ca.crt';
const CA_KEY = 'ca.key';
const SERVER_CERT = 'server.crt';
const SERVER_KEY = 'server.key';

/** "::1" and "0:0:0:0:0:0:0:1" (as Node prints alt names) compare equal. */
function canonical(name: string): string {
  if (net.isIPv6(name)) return new URL(`http://[${name}]/`).hostname;
  return name.toLowerCase();
}

/** Every name a client of this host may dial: loopback, the host name, interface addresses. */
export function serverAltNames(extra: string[]): string[] {
  const names = ['localhost', '127.0.0.1', '::1', os.hostname()];
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) {
      // A link-local IPv6 address needs a zone to be dialled, and a zone cannot be in a SAN.
      if (a.family === 'IPv6' && a.address.toLowerCase().startsWith('fe80:')) continue;
      names.push(a.address);
    }
  }
  names.push(...extra);
  const seen = new Set<string>();
  return names.filter((n) => {
    const key = canonical(n);
    if (!n || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The cluster CA from the folder, made on first start. */
export async function loadOrCreateCa(dir: string, log: Logger): Promise<{ ca: KeyPairPem; created: boolean }> {
  const certPem = readIfExists(path.join(dir, CA_CERT));
  const keyPem = readIfExists(path.join(dir, CA_KEY));
  if (certPem && keyPem) return { ca: { certPem, keyPem }, created: false };
  if (certPem || keyPem) {
    throw new Error(
      `${dir} holds only one of ${CA_CERT} and ${CA_KEY}; restore the other or remove both to make a new CA (every agent must then join again)`,
    );
  }
  const now = Date.now();
  const ca = await createCa(`Coxswain cluster CA ${os.hostname()}`, {
    notBefore: new Date(now - BACKDATE_MS),
    notAfter: new Date(now + CA_LIFETIME_MS),
  });
  writeFileAtomic(path.join(dir, CA_KEY), ca.keyPem, 0o600);
  writeFileAtomic(path.join(dir, CA_CERT), ca.certPem, 0o644);
  log.info({ caFile: path.join(dir, CA_CERT) }, 'cluster CA created');
  return { ca, created: true };
}

/**
 * The server certificate and key; re-issued when one of `altNames` is missing from it (a new
 * --tls-san, a new interface address), when it nears its end, or when another CA signed it.
 * The certificate returned is chained with the CA so that agents can pin the CA by fingerprint.
 */
export async function ensureServerCertificate(
  dir: string,
  ca: KeyPairPem,
  altNames: string[],
  log: Logger,
): Promise<KeyPairPem> {
  const certFile = path.join(dir, SERVER_CERT);
  const keyFile = path.join(dir, SERVER_KEY);
  const certPem = readIfExists(certFile);
  const keyPem = readIfExists(keyFile);
  const why = certPem && keyPem ? staleReason(certPem, ca, altNames) : 'none yet';
  if (!why && certPem && keyPem) return { certPem: certChain(certPem, ca.certPem), keyPem };

  const now = Date.now();
  const csr = await createCsr('coxswain-control-plane');
  const issued = await issueCertificate({
    ca,
    commonName: 'coxswain-control-plane',
    altNames,
    validity: { notBefore: new Date(now - BACKDATE_MS), notAfter: new Date(now + SERVER_LIFETIME_MS) },
    usage: 'server',
    publicKey: await readCsr(csr.csrPem),
  });
  writeFileAtomic(keyFile, csr.keyPem, 0o600);
  writeFileAtomic(certFile, issued.certPem, 0o644);
  log.info({ certFile, reason: why, altNames }, 'server certificate issued');
  return { certPem: certChain(issued.certPem, ca.certPem), keyPem: csr.keyPem };
}

function staleReason(certPem: string, ca: KeyPairPem, altNames: string[]): string | undefined {
  let d;
  try {
    d = describeCertificate(certPem);
    if (!issuedBy(certPem, ca.certPem)) return 'signed by another CA';
  } catch (err) {
    return `unreadable: ${(err as Error).message}`;
  }
  if (d.notAfter.getTime() - Date.now() < SERVER_RENEW_BEFORE_MS) return `expires ${d.notAfter.toISOString()}`;
  const have = new Set(d.altNames.map(canonical));
  const missing = altNames.filter((n) => !have.has(canonical(n)));
  return missing.length ? `does not cover ${missing.join(', ')}` : undefined;
}
