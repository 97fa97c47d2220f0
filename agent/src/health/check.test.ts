import { describe, expect, it } from 'vitest';
import { checkLabel, parseCheckLabel, resolveCheck } from './check';

describe('resolveCheck', () => {
  it('resolves a named port to its host port and applies the defaults', () => {
    const c = resolveCheck(
      {
        http: { port: 'http', path: '' },
        tcp: null,
        exec: null,
        interval: '',
        timeout: '',
        failureThreshold: 0,
        startPeriod: '',
      },
      [{ name: 'http', hostPort: 20001 }],
    );
    expect(c).toEqual({
      probe: { kind: 'http', port: 20001, path: '/' },
      intervalMs: 10_000,
      timeoutMs: 1_000,
      startPeriodMs: 0,
      failureThreshold: 3,
    });
  });

  it('leaves an unallocated port at 0 and parses durations', () => {
    const c = resolveCheck(
      {
        http: null,
        tcp: { port: 'db' },
        exec: null,
        interval: '2s',
        timeout: '500ms',
        failureThreshold: 5,
        startPeriod: '3s',
      },
      [],
    );
    expect(c).toMatchObject({ probe: { kind: 'tcp', port: 0 }, intervalMs: 2000, timeoutMs: 500, startPeriodMs: 3000 });
  });
});

describe('the check label', () => {
  it('round-trips, and refuses what it cannot run', () => {
    const c = resolveCheck(
      {
        http: null,
        tcp: null,
        exec: { command: ['test', '-f', '/ok'] },
        interval: '1s',
        timeout: '1s',
        failureThreshold: 2,
        startPeriod: '',
      },
      [],
    );
    expect(parseCheckLabel(checkLabel(c))).toEqual(c);
    expect(parseCheckLabel(undefined)).toBeUndefined();
    expect(parseCheckLabel('{')).toBeUndefined();
    expect(parseCheckLabel(JSON.stringify({ ...c, intervalMs: 0 }))).toBeUndefined();
    expect(parseCheckLabel(JSON.stringify({ ...c, probe: { kind: 'exec', command: [1] } }))).toBeUndefined();
  });
});
