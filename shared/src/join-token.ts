// The join token: `CXJ1-<sha256 of the CA certificate, hex>-<secret, hex>`. Like Swarm's, it
// carries the CA's fingerprint, so an agent that has nothing but the token can tell the real
// control plane from an impostor before it sends the secret.
import { randomBytes } from 'node:crypto';

const PREFIX = 'CXJ1';
const TOKEN_RE = /^CXJ1-([0-9a-f]{64})-([0-9a-f]{32,})$/;

export interface JoinToken {
  caFingerprint: string;
  secret: string;
}

export function newJoinToken(caFingerprint: string): string {
  return formatJoinToken({ caFingerprint, secret: randomBytes(16).toString('hex') });
}

export function formatJoinToken(t: JoinToken): string {
  return `${PREFIX}-${t.caFingerprint}-${t.secret}`;
}

/** Throws an error that says what is wrong, never echoing the secret part. */
export function parseJoinToken(text: string): JoinToken {
  const m = TOKEN_RE.exec(text.trim());
  if (!m)
    throw new Error(
      `join token is malformed: expected ${PREFIX}-<64 hex digits>-<secret>, got "${text.trim().slice(0, 12)}..."`,
    );
  return { caFingerprint: m[1], secret: m[2] };
}
