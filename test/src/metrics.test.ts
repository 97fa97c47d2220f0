// Prometheus metrics of a live control plane with one agent (in this process, no engine needed
// for registering), scraped over HTTP on loopback.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from './client';
import { InProcessCluster } from './in-process';
import { waitFor } from './hosts';

let c: InProcessCluster;
let api: ApiClient;

beforeAll(async () => {
  c = await InProcessCluster.start(['--metrics-listen', '127.0.0.1:0']);
  api = c.api;
  c.startAgent('m1');
});

afterAll(async () => {
  await c?.stop();
});

function scrape(pathname = '/metrics'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port: c.cp.metricsPort, path: pathname, timeout: 5000 }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

const value = (body: string, series: string) => {
  const line = body.split('\n').find((l) => l.startsWith(series + ' '));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('metrics', () => {
  it('counts nodes, streams, replicas, passes and events', async () => {
    await waitFor(
      'm1 READY',
      async () => ((await api.call('ListNodes', {})).nodes.some((n: any) => n.state === 'READY') ? true : undefined),
      15_000,
    );
    await api.call('ApplyWorkload', {
      workload: {
        name: 'web',
        image: 'coxswain/busybox:1',
        replicas: 2,
        resources: { cpuMillis: 10, memoryBytes: 8 << 20 },
      },
    });
    const { status, body } = await scrape();
    expect(status).toBe(200);
    expect(value(body, 'coxswain_nodes{state="READY"}')).toBe(1);
    expect(value(body, 'coxswain_agent_streams')).toBe(1);
    expect(value(body, 'coxswain_mesh_services')).toBe(0);
    expect(body).toContain('coxswain_mesh_agents_behind');
    expect(value(body, 'coxswain_workloads')).toBe(1);
    expect(value(body, 'coxswain_replicas{phase="placed"}')).toBe(2);
    expect(value(body, 'coxswain_reconcile_pass_seconds_count')).toBeGreaterThan(0);
    expect(value(body, 'coxswain_commands_sent_total{kind="start"}')).toBeGreaterThanOrEqual(2);
    expect(value(body, 'coxswain_events_total{type="workload.created"}')).toBe(1);
    expect(body).toContain('coxswain_process_resident_memory_bytes');
    expect((await scrape('/other')).status).toBe(404);
  });
});
