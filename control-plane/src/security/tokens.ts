import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import path from 'node:path';
import { newJoinToken, parseJoinToken } from '@coxswain/shared';
import { readIfExists, writeFileAtomic } from './files';

export const ADMIN_TOKEN = 'admin.token';
export const JOIN_TOKEN = 'join.token';

/** Compares digests, so neither the length nor the content of a guess leaks through timing. */
export function sameSecret(a: string, b: string): boolean {
  const da = createHash('sha256').update(a).digest();
  const db = createHash('sha256').update(b).digest();
  return timingSafeEqual(da, db);
}

/** The bearer token of the user API, made on first start. */
export function loadOrCreateAdminToken(dir: string): { token: string; created: boolean } {
  const file = path.join(dir, ADMIN_TOKEN);
  const existing = readIfExists(file)?.trim();
  if (existing) return { token: existing, created: false };
  const token = randomBytes(32).toString('hex');
  writeFileAtomic(file, token + '\n');
  return { token, created: true };
}

export class JoinRefused extends Error {}

/** The current join token: checked on Join, replaced by RotateJoinToken. */
export class JoinTokens {
  private token: string;
  readonly created: boolean;

  constructor(
    private readonly dir: string,
    private readonly caFingerprint: string,
  ) {
    const existing = readIfExists(this.file)?.trim();
    let usable = false;
    try {
      usable = !!existing && parseJoinToken(existing).caFingerprint === caFingerprint;
    } catch {
      usable = false;
    }
    // A token for another CA (the CA was replaced) would send agents to verify the wrong one.
    this.created = !usable;
    this.token = usable && existing ? existing : this.write(newJoinToken(caFingerprint));
  }

  private get file(): string {
    return path.join(this.dir, JOIN_TOKEN);
  }

  private write(token: string): string {
    writeFileAtomic(this.file, token + '\n');
    return token;
  }

  current(): string {
    return this.token;
  }

  rotate(): string {
    this.token = this.write(newJoinToken(this.caFingerprint));
    return this.token;
  }

  /** Throws JoinRefused with a reason safe to send back (it never echoes secrets). */
  check(presented: string): void {
    if (!presented) throw new JoinRefused('no join token');
    let parsed;
    try {
      parsed = parseJoinToken(presented);
    } catch (err) {
      throw new JoinRefused((err as Error).message);
    }
    if (parsed.caFingerprint !== this.caFingerprint)
      throw new JoinRefused('join token is for another cluster (CA fingerprint differs)');
    if (!sameSecret(presented.trim(), this.token))
      throw new JoinRefused('join token is not valid (rotated or mistyped)');
  }
}
