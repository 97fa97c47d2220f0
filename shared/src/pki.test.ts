import { describe, expect, it } from 'vitest';
import { certFingerprint, createCa, createCsr, describeCertificate, issueCertificate, issuedBy, readCsr } from './pki';
import { newJoinToken, parseJoinToken } from './join-token';

const validity = (ms: number) => ({ notBefore: new Date(Date.now() - 1000), notAfter: new Date(Date.now() + ms) });

describe('pki', () => {
  it('issues a client certificate from a CSR that chains to the CA', async () => {
    const ca = await createCa('test CA', validity(3_600_000));
    const other = await createCa('other CA', validity(3_600_000));
    const { csrPem } = await createCsr('ignored');
    const publicKey = await readCsr(csrPem);
    const { certPem, serial } = await issueCertificate({
      ca,
      commonName: 'h1',
      altNames: ['h1'],
      validity: validity(60_000),
      usage: 'client',
      publicKey,
    });
    const d = describeCertificate(certPem);
    expect(d.commonName).toBe('h1');
    expect(d.altNames).toEqual(['h1']);
    expect(d.serial).toBe(serial);
    expect(issuedBy(certPem, ca.certPem)).toBe(true);
    expect(issuedBy(certPem, other.certPem)).toBe(false);
  });

  it('puts DNS names and IP addresses in the right kind of alt name', async () => {
    const ca = await createCa('test CA', validity(3_600_000));
    const { csrPem } = await createCsr('x');
    const { certPem } = await issueCertificate({
      ca,
      commonName: 'cp',
      altNames: ['localhost', '127.0.0.1', '::1'],
      validity: validity(60_000),
      usage: 'server',
      publicKey: await readCsr(csrPem),
    });
    expect(describeCertificate(certPem).altNames).toEqual(['localhost', '127.0.0.1', '0:0:0:0:0:0:0:1']);
  });

  it('refuses a request whose signature does not hold', async () => {
    const { csrPem } = await createCsr('h1');
    const body = csrPem
      .split('\n')
      .filter((l) => l && !l.startsWith('-----'))
      .join('');
    const der = Buffer.from(body, 'base64');
    der[der.length - 5] ^= 0xff;
    const broken = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
    await expect(readCsr(broken)).rejects.toThrow();
    await expect(readCsr('garbage')).rejects.toThrow(/PKCS#10/);
  });
});

describe('join token', () => {
  it('round-trips the CA fingerprint and hides the secret in errors', async () => {
    const ca = await createCa('test CA', validity(3_600_000));
    const fp = certFingerprint(ca.certPem);
    const token = newJoinToken(fp);
    expect(parseJoinToken(token).caFingerprint).toBe(fp);
    expect(() => parseJoinToken('CXJ1-abc-def')).toThrow(/malformed/);
    expect(() => parseJoinToken(`SWMTKN-1-${'a'.repeat(64)}`)).toThrow(/malformed/);
  });
});
