import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Check } from './check';
import { HealthChecker, type Watched } from './checker';
import type { CheckResult } from './state';

const check = (over: Partial<Check> = {}): Check => ({
  probe: { kind: 'exec', command: ['true'] },
  intervalMs: 1000,
  timeoutMs: 500,
  startPeriodMs: 0,
  failureThreshold: 3,
  ...over,
});

function setup(c: Check, results: Array<CheckResult | 'hang'>) {
  const stopped: string[] = [];
  const changes: string[] = [];
  let calls = 0;
  let inflight = 0;
  let maxInflight = 0;
  const checker = new HealthChecker({
    probe: (_id, _p, signal) => {
      const r = results[Math.min(calls++, results.length - 1)];
      inflight++;
      maxInflight = Math.max(maxInflight, inflight);
      return new Promise<CheckResult>((resolve) => {
        const end = (v: CheckResult) => {
          inflight--;
          resolve(v);
        };
        if (r === 'hang') signal.addEventListener('abort', () => end({ ok: false, message: 'aborted' }));
        else setTimeout(() => end(r), 10);
      });
    },
    stop: async (id) => {
      stopped.push(id);
    },
    onChange: (id) => changes.push(id),
    logger: pino({ level: 'silent' }),
  });
  const w: Watched = { containerId: 'c1', workload: 'w', replica: 0, running: true, startedAt: Date.now(), check: c };
  checker.observe('c1', w);
  return { checker, stopped, changes, w, calls: () => calls, maxInflight: () => maxInflight };
}

const pass = { ok: true, message: 'ok' };
const fail = { ok: false, message: 'exit code 1' };

describe('HealthChecker', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('is starting until the first pass, then healthy', async () => {
    const { checker } = setup(check(), [pass]);
    expect(checker.healthOf('c1')?.status).toBe('starting');
    await vi.advanceTimersByTimeAsync(1000 + 20);
    expect(checker.healthOf('c1')).toMatchObject({ status: 'healthy', failures: 0 });
  });

  it('is unhealthy at the first failure and healthy again at the next pass', async () => {
    const { checker, stopped } = setup(check(), [pass, fail, pass]);
    await vi.advanceTimersByTimeAsync(1020);
    expect(checker.healthOf('c1')?.status).toBe('healthy');
    await vi.advanceTimersByTimeAsync(1020);
    expect(checker.healthOf('c1')).toMatchObject({ status: 'unhealthy', failures: 1, message: 'exit code 1' });
    await vi.advanceTimersByTimeAsync(1020);
    expect(checker.healthOf('c1')).toMatchObject({ status: 'healthy', failures: 0 });
    expect(stopped).toEqual([]);
  });

  it('stops the container after failureThreshold failures in a row, and checks no more', async () => {
    const { checker, stopped, calls } = setup(check({ failureThreshold: 3 }), [pass, fail]);
    await vi.advanceTimersByTimeAsync(3 * 1020);
    expect(stopped).toEqual([]);
    await vi.advanceTimersByTimeAsync(1020);
    expect(checker.healthOf('c1')?.failures).toBe(3);
    expect(stopped).toEqual(['c1']);
    const seen = calls();
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls()).toBe(seen);
  });

  it('counts a hanging check as a failure at its timeout, with one check in flight at most', async () => {
    const { checker, maxInflight } = setup(check({ timeoutMs: 300, failureThreshold: 10 }), ['hang']);
    await vi.advanceTimersByTimeAsync(1000 + 299);
    expect(checker.healthOf('c1')?.status).toBe('starting');
    await vi.advanceTimersByTimeAsync(2);
    expect(checker.healthOf('c1')).toMatchObject({
      status: 'unhealthy',
      failures: 1,
      message: 'timed out after 300 ms',
    });
    await vi.advanceTimersByTimeAsync(5 * 1300);
    expect(checker.healthOf('c1')?.failures).toBe(6);
    expect(maxInflight()).toBe(1);
  });

  it('does not count failures in the start period', async () => {
    const { checker, stopped } = setup(check({ startPeriodMs: 3500, failureThreshold: 1 }), [fail]);
    await vi.advanceTimersByTimeAsync(3 * 1020);
    expect(checker.healthOf('c1')).toMatchObject({ status: 'starting', failures: 0, message: 'exit code 1' });
    expect(stopped).toEqual([]);
    await vi.advanceTimersByTimeAsync(1020);
    expect(stopped).toEqual(['c1']);
  });

  it('cancels the checks of a container that stopped, and starts afresh when it starts again', async () => {
    const { checker, w, calls } = setup(check(), [fail, pass]);
    await vi.advanceTimersByTimeAsync(1020);
    expect(checker.healthOf('c1')?.status).toBe('unhealthy');
    checker.observe('c1', { ...w, running: false });
    expect(checker.healthOf('c1')).toBeUndefined();
    const seen = calls();
    await vi.advanceTimersByTimeAsync(3000);
    expect(calls()).toBe(seen);
    checker.observe('c1', { ...w, startedAt: w.startedAt + 5000 });
    expect(checker.healthOf('c1')?.status).toBe('starting');
    checker.sync([]);
    expect(checker.size).toBe(0);
  });

  it('checks a container adopted after an agent restart at once', async () => {
    const { checker, w } = setup(check(), [pass]);
    checker.observe('old', { ...w, containerId: 'old', startedAt: Date.now() - 60_000 });
    await vi.advanceTimersByTimeAsync(20);
    expect(checker.healthOf('old')?.status).toBe('healthy');
    expect(checker.healthOf('c1')?.status).toBe('starting');
  });

  it('reports a change only when the health changed', async () => {
    const { changes } = setup(check(), [pass]);
    expect(changes).toEqual(['c1']);
    await vi.advanceTimersByTimeAsync(5 * 1020);
    expect(changes).toEqual(['c1', 'c1']);
  });
});
