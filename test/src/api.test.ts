// The user API over a real gRPC socket and a real SQLite file, driven by buf curl over
// reflection, with the default security: TLS verified with the cluster CA and the admin token.
// No Docker here: no agent connects, so replicas stay PENDING.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CP, type BufOptions, bufCurl as bufCurlPlain, bufListMethods, type TlsOptions } from './buf';
import { startSecureServer, type SecureServer } from './secure-server';

let server: SecureServer;
let target: string;
let tls: TlsOptions;

const bufCurl = (t: string, method: string, body: unknown = {}, opts: BufOptions = {}) =>
  bufCurlPlain(t, method, body, { tls, ...opts });

const spec = (extra: Record<string, unknown> = {}) => ({
  name: 'web',
  image: 'coxswain/busybox:1',
  command: ['sleep', '1000'],
  replicas: 2,
  resources: { cpuMillis: 100, memoryBytes: '67108864' },
  ...extra,
});

beforeAll(async () => {
  server = await startSecureServer('api');
  ({ target, tls } = server);
});

afterAll(async () => {
  await server?.stop();
});

describe('user API over reflection', () => {
  it('lists the services and methods without a .proto file', async () => {
    const methods = await bufListMethods(target, tls);
    expect(methods).toEqual(
      expect.arrayContaining([`${CP}/ApplyWorkload`, `${CP}/WatchEvents`, 'coxswain.v1.AgentGateway/Connect']),
    );
  });

  it('applies, gets, lists, scales and deletes a workload', async () => {
    const applied = await bufCurl(target, `${CP}/ApplyWorkload`, { workload: spec() });
    expect(applied.ok).toBe(true);
    expect(applied.json.generation).toBe('1');
    expect(applied.json.status.replicas).toHaveLength(2);
    expect(applied.json.status.replicas[0].state).toBe('PENDING');
    expect(applied.json.status.replicas[0].reason).not.toBe('');

    const again = await bufCurl(target, `${CP}/ApplyWorkload`, { workload: spec() });
    expect(again.json.generation).toBe('1');
    expect(again.json.updatedAt).toBe(applied.json.updatedAt);

    const changed = await bufCurl(target, `${CP}/ApplyWorkload`, { workload: spec({ command: ['sleep', '5'] }) });
    expect(changed.json.generation).toBe('2');

    const scaled = await bufCurl(target, `${CP}/ScaleWorkload`, { name: 'web', replicas: 5 });
    expect(scaled.ok).toBe(true);
    expect(scaled.json.status.desired).toBe(5);
    expect(scaled.json.generation).toBe('2');

    const got = await bufCurl(target, `${CP}/GetWorkload`, { name: 'web' });
    expect(got.json.spec.replicas).toBe(5);
    const list = await bufCurl(target, `${CP}/ListWorkloads`, {});
    expect(list.json.workloads.map((w: any) => w.spec.name)).toEqual(['web']);

    expect((await bufCurl(target, `${CP}/DeleteWorkload`, { name: 'web' })).ok).toBe(true);
    const gone = await bufCurl(target, `${CP}/GetWorkload`, { name: 'web' });
    expect(gone.code).toBe('not_found');
  });

  it.each([
    ['empty name', { workload: spec({ name: '' }) }, 'workload.name'],
    ['non-DNS name', { workload: spec({ name: 'Bad_Name' }) }, 'workload.name'],
    ['empty image', { workload: spec({ image: '' }) }, 'workload.image'],
    ['negative replicas', { workload: spec({ replicas: -3 }) }, 'workload.replicas'],
    [
      'zero cpu',
      { workload: spec({ resources: { cpuMillis: 0, memoryBytes: '67108864' } }) },
      'workload.resources.cpuMillis',
    ],
    [
      'negative memory',
      { workload: spec({ resources: { cpuMillis: 100, memoryBytes: '-1' } }) },
      'workload.resources.memoryBytes',
    ],
    ['missing resources', { workload: spec({ resources: undefined }) }, 'workload.resources'],
    ['bad constraint', { workload: spec({ constraints: ['zone=a'] }) }, 'workload.constraints[0]'],
    ['no workload', {}, 'workload'],
  ])('refuses %s with INVALID_ARGUMENT naming the field', async (_what, body, field) => {
    const r = await bufCurl(target, `${CP}/ApplyWorkload`, body);
    expect(r.ok).toBe(false);
    expect(r.code).toBe('invalid_argument');
    expect(r.message!.startsWith(`${field}:`)).toBe(true);
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      'a port out of range',
      { network: 'host', ports: [{ name: 'http', hostPort: 70000 }] },
      'workload.ports[0].hostPort',
    ],
    ['two ports of one name', { network: 'host', ports: [{ name: 'a' }, { name: 'a' }] }, 'workload.ports[1].name'],
    [
      'a containerPort unlike a fixed hostPort in host mode',
      { network: 'host', ports: [{ name: 'a', hostPort: 80, containerPort: 8080 }] },
      'workload.ports[0].containerPort',
    ],
    [
      'a check of two kinds',
      { network: 'host', ports: [{ name: 'a' }], health: { http: { port: 'a' }, tcp: { port: 'a' } } },
      'workload.health',
    ],
    ['a check of no kind', { health: { interval: '1s' } }, 'workload.health'],
    [
      'a check naming an unknown port',
      { network: 'host', ports: [{ name: 'a' }], health: { tcp: { port: 'b' } } },
      'workload.health.tcp.port',
    ],
    [
      'a negative threshold',
      { health: { exec: { command: ['true'] }, failureThreshold: -2 } },
      'workload.health.failureThreshold',
    ],
    [
      'an unparsable duration',
      { health: { exec: { command: ['true'] }, interval: 'often' } },
      'workload.health.interval',
    ],
    [
      'maxSurge and maxUnavailable both 0',
      { update: { maxSurge: 0, maxUnavailable: 0 } },
      'workload.update.maxUnavailable',
    ],
    ['an unknown network', { network: 'overlay' }, 'workload.network'],
    ['a relative bind source', { mounts: [{ type: 'bind', source: 'x', target: '/x' }] }, 'workload.mounts[0].source'],
  ])(
    'refuses %s over the wire with INVALID_ARGUMENT naming the field, and keeps serving',
    async (_what, extra, field) => {
      const r = await bufCurl(target, `${CP}/ApplyWorkload`, { workload: spec({ name: 'svc', ...extra }) });
      expect(r.code).toBe('invalid_argument');
      expect(r.message!.startsWith(`${field}:`)).toBe(true);
      expect((await bufCurl(target, `${CP}/ListNodes`, {})).ok).toBe(true);
    },
  );

  it('answers NOT_FOUND for unknown names and keeps serving', async () => {
    expect((await bufCurl(target, `${CP}/GetWorkload`, { name: 'nope' })).code).toBe('not_found');
    expect((await bufCurl(target, `${CP}/ScaleWorkload`, { name: 'nope', replicas: 1 })).code).toBe('not_found');
    expect((await bufCurl(target, `${CP}/DeleteWorkload`, { name: 'nope' })).code).toBe('not_found');
    expect((await bufCurl(target, `${CP}/ScaleWorkload`, { name: 'nope', replicas: -1 })).code).toBe(
      'invalid_argument',
    );
    expect((await bufCurl(target, `${CP}/ListNodes`, {})).ok).toBe(true);
    expect((await bufCurl(target, `${CP}/DrainNode`, { name: 'no-such-host' })).code).toBe('not_found');
    expect((await bufCurl(target, `${CP}/CordonNode`, { name: '' })).code).toBe('invalid_argument');
    const rebalance = await bufCurl(target, `${CP}/Rebalance`, { dryRun: true });
    expect(rebalance.ok).toBe(true);
  });

  it('answers a dry run with the workload as it would be stored, and stores nothing', async () => {
    const first = await bufCurl(target, `${CP}/ApplyWorkload`, { workload: spec({ name: 'dry' }), dryRun: true });
    expect(first.ok).toBe(true);
    expect((first.json as any).generation).toBe('1');
    expect((await bufCurl(target, `${CP}/GetWorkload`, { name: 'dry' })).code).toBe('not_found');
    await bufCurl(target, `${CP}/ApplyWorkload`, { workload: spec({ name: 'dry' }) });
    const changed = await bufCurl(target, `${CP}/ApplyWorkload`, {
      workload: spec({ name: 'dry', command: ['sleep', '5'] }),
      dryRun: true,
    });
    expect(changed.json).toMatchObject({ generation: '2', spec: { command: ['sleep', '5'] } });
    const stored = (await bufCurl(target, `${CP}/GetWorkload`, { name: 'dry' })).json as any;
    expect(stored).toMatchObject({ generation: '1', spec: { command: ['sleep', '1000'] } });
    const bad = await bufCurl(target, `${CP}/ApplyWorkload`, { workload: spec({ name: 'Dry' }), dryRun: true });
    expect(bad.code).toBe('invalid_argument');
    expect(bad.message).toMatch(/^workload\.name:/);
  });

  it('lists the newest events of a workload, oldest first, with a bounded limit', async () => {
    await bufCurl(target, `${CP}/ScaleWorkload`, { name: 'dry', replicas: 3 });
    const r = await bufCurl(target, `${CP}/ListEvents`, { workload: 'dry', limit: 2 });
    const events = (r.json as any).events as any[];
    expect(events).toHaveLength(2);
    expect(events.every((e) => e.workload === 'dry')).toBe(true);
    expect(Number(events[0].seq)).toBeLessThan(Number(events[1].seq));
    const tooMany = await bufCurl(target, `${CP}/ListEvents`, { limit: 5000 });
    expect(tooMany.code).toBe('invalid_argument');
    expect(tooMany.message).toMatch(/^limit:/);
  });

  it('streams events with WatchEvents', async () => {
    const watching = bufCurl(target, `${CP}/WatchEvents`, {}, { streamForMs: 2500 });
    await new Promise((r) => setTimeout(r, 1000));
    await bufCurl(target, `${CP}/ApplyWorkload`, { workload: spec({ name: 'evt', replicas: 1 }) });
    const events = (await watching).json as any[];
    expect(events.some((e) => e.type === 'workload.created' && e.workload === 'evt')).toBe(true);
  });
});
