// ListGenerations and RollbackWorkload over a real gRPC socket and a real SQLite file, driven by
// buf curl. No Docker here: no agent connects, so replicas stay PENDING; the history and the
// rolled-back specs are what is checked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CP, bufCurl as bufCurlPlain, type TlsOptions } from './buf';
import { startSecureServer, type SecureServer } from './secure-server';

let server: SecureServer;
let target: string;
let tls: TlsOptions;

const call = (method: string, body: unknown = {}) => bufCurlPlain(target, `${CP}/${method}`, body, { tls });

const spec = (name: string, sleep: string, extra: Record<string, unknown> = {}) => ({
  name,
  image: 'coxswain/busybox:1',
  command: ['sleep', sleep],
  replicas: 2,
  resources: { cpuMillis: 100, memoryBytes: '67108864' },
  ...extra,
});

beforeAll(async () => {
  server = await startSecureServer('rollouts');
  ({ target, tls } = server);
});

afterAll(async () => {
  await server?.stop();
});

describe('rollout history and rollback', () => {
  it('keeps each generation with its spec and cause, and rolls back as a new generation', async () => {
    expect((await call('ApplyWorkload', { workload: spec('web', '100') })).ok).toBe(true);
    expect((await call('ApplyWorkload', { workload: spec('web', '200') })).json.generation).toBe('2');
    // A scale is no new generation, and the rollback keeps the count.
    expect((await call('ScaleWorkload', { name: 'web', replicas: 4 })).json.generation).toBe('2');

    const history = await call('ListGenerations', { name: 'web' });
    expect(history.ok).toBe(true);
    expect(history.json.generations.map((g: any) => [g.generation, g.cause, g.spec.command[1]])).toEqual([
      ['2', 'apply', '200'],
      ['1', 'apply', '100'],
    ]);
    expect(Date.parse(history.json.generations[0].createdAt)).toBeGreaterThan(0);

    const back = await call('RollbackWorkload', { name: 'web' });
    expect(back.ok).toBe(true);
    expect(back.json.generation).toBe('3');
    expect(back.json.spec.command).toEqual(['sleep', '100']);
    expect(back.json.spec.replicas).toBe(4);

    const to2 = await call('RollbackWorkload', { name: 'web', toGeneration: 2 });
    expect(to2.json.generation).toBe('4');
    expect(to2.json.spec.command).toEqual(['sleep', '200']);

    const after = await call('ListGenerations', { name: 'web' });
    expect(after.json.generations.slice(0, 2).map((g: any) => [g.generation, g.cause])).toEqual([
      ['4', 'rollback to 2'],
      ['3', 'rollback to 1'],
    ]);
    const events = await call('ListEvents', { workload: 'web' });
    expect(events.json.events.map((e: any) => e.message)).toContain('generation 3, 4 replicas: rollback to 1');
  });

  it('answers NOT_FOUND naming an unknown generation or workload, and keeps serving', async () => {
    await call('ApplyWorkload', { workload: spec('one', '1') });
    const none = await call('RollbackWorkload', { name: 'one' });
    expect(none.code).toBe('not_found');
    expect(none.message).toMatch(/no generation before the current one/);
    const unknown = await call('RollbackWorkload', { name: 'one', toGeneration: 9 });
    expect(unknown.code).toBe('not_found');
    expect(unknown.message).toMatch(/generation 9/);
    const negative = await call('RollbackWorkload', { name: 'one', toGeneration: -1 });
    expect(negative.code).toBe('invalid_argument');
    expect(negative.message).toMatch(/toGeneration/);
    expect((await call('ListGenerations', { name: 'nope' })).code).toBe('not_found');
    expect((await call('RollbackWorkload', { name: 'nope' })).code).toBe('not_found');
    expect((await call('GetWorkload', { name: 'one' })).ok).toBe(true);
  });

  it('keeps the last 10 generations', async () => {
    for (let i = 1; i <= 12; i++) await call('ApplyWorkload', { workload: spec('many', String(i)) });
    const history = await call('ListGenerations', { name: 'many' });
    expect(history.json.generations.map((g: any) => g.generation)).toEqual([
      '12',
      '11',
      '10',
      '9',
      '8',
      '7',
      '6',
      '5',
      '4',
      '3',
    ]);
    expect((await call('RollbackWorkload', { name: 'many', toGeneration: 2 })).code).toBe('not_found');
  });

  it('shows the rollout paused while update.paused is set, with no new generation', async () => {
    await call('ApplyWorkload', { workload: spec('p', '1') });
    const paused = await call('ApplyWorkload', { workload: spec('p', '2', { update: { paused: true } }) });
    expect(paused.json.generation).toBe('2');
    expect(paused.json.status.rollout.state).toBe('paused');
    const same = await call('ApplyWorkload', { workload: spec('p', '2', { update: { paused: false } }) });
    expect(same.json.generation).toBe('2');
    expect(same.json.status.rollout.state).toBe('progressing');
  });
});
