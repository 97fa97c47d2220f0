import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, parseJoinToken } from '@coxswain/shared';
import { AuthError, authorize } from './auth';
import { CertRegistry } from './registry';
import { JoinRefused, JoinTokens, loadOrCreateAdminToken } from './tokens';

const FP = 'a'.repeat(64);
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coxswain-security-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const md = (auth?: string) => {
  const m = new grpc.Metadata();
  if (auth !== undefined) m.set('authorization', auth);
  return m;
};
const cert = (cn: string, serial: string) => ({
  sslPeerCertificate: { subject: { CN: cn }, serialNumber: serial } as never,
});

function codeOf(fn: () => void): number | 'ok' {
  try {
    fn();
    return 'ok';
  } catch (err) {
    if (err instanceof AuthError) return err.code;
    throw err;
  }
}

describe('authorize', () => {
  const registry = () => new CertRegistry(dir);
  const opts = () => ({ adminToken: 'sekrit', registry: registry(), log: createLogger('test', 'silent') });

  it('wants the admin token on the user API and on reflection', () => {
    const o = opts();
    for (const p of [
      '/coxswain.v1.ControlPlane/ListNodes',
      '/grpc.reflection.v1.ServerReflection/ServerReflectionInfo',
    ]) {
      expect(codeOf(() => authorize(o, p, md(), {}))).toBe(grpc.status.UNAUTHENTICATED);
      expect(codeOf(() => authorize(o, p, md('Bearer nope'), {}))).toBe(grpc.status.UNAUTHENTICATED);
      expect(codeOf(() => authorize(o, p, md('sekrit'), {}))).toBe(grpc.status.UNAUTHENTICATED);
      expect(codeOf(() => authorize(o, p, md('Bearer sekrit'), {}))).toBe('ok');
      expect(codeOf(() => authorize(o, p, md('bearer sekrit'), {}))).toBe('ok');
    }
    // A node's certificate is not an admin credential.
    expect(codeOf(() => authorize(o, '/coxswain.v1.ControlPlane/ListNodes', md(), cert('h1', '0A')))).toBe(
      grpc.status.UNAUTHENTICATED,
    );
  });

  it('lets Join through bare and wants a live certificate on the other agent calls', () => {
    const o = opts();
    expect(codeOf(() => authorize(o, '/coxswain.v1.AgentGateway/Join', md(), {}))).toBe('ok');
    for (const m of ['Connect', 'Renew', 'Relay']) {
      const p = `/coxswain.v1.AgentGateway/${m}`;
      expect(codeOf(() => authorize(o, p, md('Bearer sekrit'), {}))).toBe(grpc.status.UNAUTHENTICATED);
      expect(codeOf(() => authorize(o, p, md(), cert('h1', '0A')))).toBe('ok');
    }
    o.registry.recordIssued('h1', 'A', Date.now() + 60_000);
    o.registry.revokeNode('h1');
    expect(codeOf(() => authorize(o, '/coxswain.v1.AgentGateway/Connect', md(), cert('h1', '0A')))).toBe(
      grpc.status.UNAUTHENTICATED,
    );
  });
});

describe('CertRegistry', () => {
  it('revokes only the live certificates of the removed node, and remembers it across restarts', () => {
    const r = new CertRegistry(dir);
    r.recordIssued('h1', 'AA', Date.now() + 60_000);
    r.recordIssued('h1', 'AB', Date.now() + 60_000);
    r.recordIssued('h2', 'BB', Date.now() + 60_000);
    expect(r.revokeNode('h1').sort()).toEqual(['AA', 'AB']);
    const again = new CertRegistry(dir);
    expect(again.isRevoked('AA')).toBe(true);
    expect(again.isRevoked('00ab')).toBe(true);
    expect(again.isRevoked('BB')).toBe(false);
    // A certificate issued after the removal (the host joined again) is fine.
    again.recordIssued('h1', 'AC', Date.now() + 60_000);
    expect(again.isRevoked('AC')).toBe(false);
  });

  it('appends a line per change, folds the log into the snapshot, and survives a torn last line', () => {
    const r = new CertRegistry(dir);
    const log = path.join(dir, 'agent-certs.log');
    r.recordIssued('h1', 'A1', Date.now() + 60_000);
    expect(fs.readFileSync(log, 'utf8').trim().split('\n')).toHaveLength(1);
    for (let i = 0; i < 300; i++) r.recordIssued(`n${i}`, `B${i}`, Date.now() + 60_000);
    // Folded at least once: the log is shorter than the changes made.
    expect(fs.readFileSync(log, 'utf8').trim().split('\n').length).toBeLessThan(300);
    r.revokeNode('n7');
    fs.appendFileSync(log, '{"issued":{"node":"h9","ser');
    const again = new CertRegistry(dir);
    expect(again.isRevoked('B7')).toBe(true);
    expect(again.isRevoked('B8')).toBe(false);
    expect(again.revokeNode('n299')).toEqual(['B299']);
    expect(again.revokeNode('h1')).toEqual(['A1']);
    // The torn line was cut off: what was appended after it reads back.
    expect(new CertRegistry(dir).isRevoked('A1')).toBe(true);
  });

  it('refuses to start on a corrupt log line that is not the last', () => {
    fs.writeFileSync(path.join(dir, 'agent-certs.log'), '{oops\n{"issued":{"node":"a","serial":"1","notAfter":1}}\n');
    expect(() => new CertRegistry(dir)).toThrow(/corrupt at line 1/);
  });

  it('refuses to start on a corrupt file rather than forget revocations', () => {
    fs.writeFileSync(path.join(dir, 'agent-certs.json'), '{oops');
    expect(() => new CertRegistry(dir)).toThrow(/corrupt/);
  });
});

describe('tokens', () => {
  it('keeps the admin token across starts, private', () => {
    const first = loadOrCreateAdminToken(dir);
    expect(first.created).toBe(true);
    expect(loadOrCreateAdminToken(dir)).toEqual({ token: first.token, created: false });
    expect(fs.statSync(path.join(dir, 'admin.token')).mode & 0o777).toBe(0o600);
  });

  it('checks join tokens, rotates them, and replaces one made for another CA', () => {
    const t = new JoinTokens(dir, FP);
    const first = t.current();
    expect(parseJoinToken(first).caFingerprint).toBe(FP);
    expect(() => t.check(first)).not.toThrow();
    expect(() => t.check('')).toThrow(JoinRefused);
    expect(() => t.check(`CXJ1-${'b'.repeat(64)}-${'0'.repeat(32)}`)).toThrow(/another cluster/);
    const second = t.rotate();
    expect(() => t.check(first)).toThrow(/not valid/);
    expect(new JoinTokens(dir, FP).current()).toBe(second);
    expect(new JoinTokens(dir, 'c'.repeat(64)).current()).not.toBe(second);
  });
});
