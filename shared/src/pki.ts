// Certificates for the cluster: the CA, the control plane's server certificate, and the agents'
// client certificates. Keys are ECDSA P-256 made and used by Node's own WebCrypto; the library
// only encodes and parses the X.509 and PKCS#10 structures.
// The library's dependency injection needs the Reflect metadata API before it loads.
import 'reflect-metadata';
import { X509Certificate as NodeX509, createHash, randomBytes, webcrypto } from 'node:crypto';
import net from 'node:net';
import * as x509 from '@peculiar/x509';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export interface KeyPairPem {
  keyPem: string;
  /** The certificate (or request) for the key, PEM. */
  certPem: string;
}

export interface Validity {
  notBefore: Date;
  notAfter: Date;
}

export async function generateKey(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
}

export async function privateKeyToPem(key: CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

async function privateKeyFromPem(pem: string): Promise<CryptoKey> {
  const der = x509.PemConverter.decode(pem)[0];
  if (!der) throw new Error('no PEM block in private key');
  return webcrypto.subtle.importKey('pkcs8', der, ALG, false, ['sign']);
}

/** The CA's key, imported once per process: every join and renewal signs with it. */
const signingKeys = new Map<string, Promise<CryptoKey>>();
function signingKey(pem: string): Promise<CryptoKey> {
  let key = signingKeys.get(pem);
  if (!key) {
    key = privateKeyFromPem(pem);
    signingKeys.set(pem, key);
    // A key that did not import is not kept: the next call says why again.
    key.catch(() => signingKeys.delete(pem));
  }
  return key;
}

/** 16 random bytes with the top bit clear: a positive serial as RFC 5280 wants. */
function newSerial(): string {
  const b = randomBytes(16);
  b[0] &= 0x7f;
  return b.toString('hex');
}

/** Lowercase hex SHA-256 of the certificate's DER: what join tokens carry. */
export function certFingerprint(certPem: string): string {
  return createHash('sha256').update(new NodeX509(certPem).raw).digest('hex');
}

/** Serial as Node's TLS reports it on peer certificates: uppercase hex without leading zeros. */
export function normalizeSerial(serial: string): string {
  return serial.replace(/^0+/, '').toUpperCase();
}

export async function createCa(commonName: string, validity: Validity): Promise<KeyPairPem> {
  const keys = await generateKey();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: newSerial(),
    name: `CN=${commonName}`,
    ...validity,
    signingAlgorithm: ALG,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: await privateKeyToPem(keys.privateKey) };
}

export interface IssueOptions {
  ca: KeyPairPem;
  commonName: string;
  /** DNS names and IP addresses, told apart by their form. */
  altNames: string[];
  validity: Validity;
  /** Server certificates may only serve, client certificates may only be presented by clients. */
  usage: 'server' | 'client';
  publicKey: CryptoKey | x509.PublicKey;
}

export async function issueCertificate(o: IssueOptions): Promise<{ certPem: string; serial: string }> {
  const caCert = new x509.X509Certificate(o.ca.certPem);
  const serial = newSerial();
  const names = o.altNames.map((n) =>
    net.isIP(n) ? { type: 'ip' as const, value: n } : { type: 'dns' as const, value: n },
  );
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial,
    subject: `CN=${o.commonName}`,
    issuer: caCert.subject,
    ...o.validity,
    signingAlgorithm: ALG,
    signingKey: await signingKey(o.ca.keyPem),
    publicKey: o.publicKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([
        o.usage === 'server' ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth,
      ]),
      ...(names.length ? [new x509.SubjectAlternativeNameExtension(names)] : []),
      await x509.AuthorityKeyIdentifierExtension.create(caCert),
    ],
  });
  return { certPem: cert.toString('pem'), serial: normalizeSerial(serial) };
}

/** A fresh key and a PKCS#10 request for it, signed with it (proof that the caller holds it). */
export async function createCsr(commonName: string): Promise<{ keyPem: string; csrPem: string }> {
  const keys = await generateKey();
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: `CN=${commonName}`,
    keys,
    signingAlgorithm: ALG,
  });
  return { keyPem: await privateKeyToPem(keys.privateKey), csrPem: csr.toString('pem') };
}

/** The public key of a request whose signature holds; throws with the reason otherwise. */
export async function readCsr(csrPem: string): Promise<x509.PublicKey> {
  let csr: x509.Pkcs10CertificateRequest;
  try {
    csr = new x509.Pkcs10CertificateRequest(csrPem);
  } catch (err) {
    throw new Error(`not a PKCS#10 request: ${(err as Error).message}`);
  }
  if (!(await csr.verify())) throw new Error('the request is not signed by its key');
  return csr.publicKey;
}

/** The certificate and key for a server, chained so that clients can see (and pin) the CA. */
export function certChain(certPem: string, caPem: string): string {
  return `${certPem.trim()}\n${caPem.trim()}\n`;
}

/** Common name, alt names, validity and serial of a certificate: enough to decide to re-issue. */
export function describeCertificate(certPem: string): {
  commonName: string;
  altNames: string[];
  notBefore: Date;
  notAfter: Date;
  serial: string;
  issuer: string;
} {
  const c = new NodeX509(certPem);
  const altNames = (c.subjectAltName ?? '')
    .split(', ')
    .filter(Boolean)
    .map((n) => n.replace(/^(DNS|IP Address):/, ''));
  return {
    commonName: /(?:^|\n)CN=([^\n]*)/.exec(c.subject)?.[1] ?? '',
    altNames,
    notBefore: new Date(c.validFrom),
    notAfter: new Date(c.validTo),
    serial: normalizeSerial(c.serialNumber),
    issuer: c.issuer,
  };
}

/** Whether `certPem` was signed by the CA in `caPem`. */
export function issuedBy(certPem: string, caPem: string): boolean {
  const cert = new NodeX509(certPem);
  const ca = new NodeX509(caPem);
  return cert.checkIssued(ca) && cert.verify(ca.publicKey);
}
