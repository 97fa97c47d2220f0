// The simulator and the running control plane place the same input the same way: constraints
// (== and !=), anti-affinity, host ports (fixed and dynamic), and replicas that fit nowhere stay
// PENDING with the same reason.
// The simulator reads two CSV files; the control plane gets the same hosts from scripted agents
// and the same workloads through the public API (buf curl), applied one at a time in file order.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@coxswain/shared';
import { AgentIdentity } from '@coxswain/agent';
import { loadConfig, startControlPlane, type RunningControlPlane } from '@coxswain/control-plane';
import { CP, bufCurl } from './buf';
import { ScriptedAgent } from './scripted-agent';

const SIMULATOR = path.join(
  path.dirname(require.resolve('@coxswain/control-plane/package.json')),
  'dist',
  'simulate.js',
);
const MIB = 1024 * 1024;

// Four equal large hosts and two small ones, in two label dimensions.
const NODES = `name,cpu_milli,memory_mib,labels
n1,4000,8192,zone=a;disk=ssd
n2,4000,8192,zone=a;disk=hdd
n3,4000,8192,zone=b;disk=ssd
n4,4000,8192,zone=b;disk=hdd
n5,1000,2048,zone=c;disk=ssd
n6,1000,2048,zone=c;disk=hdd
`;

const WORKLOADS = `name,cpu_milli,memory_mib,replicas,constraints,ports
web,500,512,3,,
db,1000,2048,1,node.labels.zone == b,
cache,500,256,1,node.labels.disk != hdd,
huge,16000,1024,1,,
pinned,500,512,1,node.labels.zone == z,
logs,800,512,1,node.labels.disk == hdd;node.labels.zone != a,
api,700,1024,3,node.labels.zone != c,
tail,250,256,2,node.labels.disk == ssd,
edge,50,64,6,node.name != n4,7000;0
rival,50,64,1,node.name != n4,7000
dyn,50,64,4,node.labels.zone == a,0;0
`;
// "logs" can go to n4 or n6, both empty: placing it alone (online) keeps the last large host
// back, planning it as a batch would open n4. The control plane must place an apply the way the
// simulator places a row.

type Row = Record<string, string>;
/** These two files hold no quotes or commas inside fields: a split is a full CSV reader for them. */
function rows(csv: string): Row[] {
  const [header, ...lines] = csv
    .trim()
    .split('\n')
    .map((l) => l.split(','));
  return lines.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ''])));
}
const split = (text: string) =>
  text
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);

/** workload/replica -> the node it runs on, or "PENDING: reason". */
type Outcome = Record<string, string>;

let dir: string;
const silent = createLogger('test', 'silent');
const secret = (file: string) => fs.readFileSync(path.join(dir, 'data', file), 'utf8').trim();
const tls = () => ({ caFile: path.join(dir, 'data', 'ca.crt'), token: secret('admin.token') });
let cp: RunningControlPlane;
let target: string;
const agents: ScriptedAgent[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coxswain-parity-'));
  fs.writeFileSync(path.join(dir, 'nodes.csv'), NODES);
  fs.writeFileSync(path.join(dir, 'workloads.csv'), WORKLOADS);
  cp = await startControlPlane(
    loadConfig(
      [
        '--listen',
        '127.0.0.1:0',
        '--db',
        path.join(dir, 'data', 'coxswain.db'),
        // Only placement is under test: nothing may move replicas afterwards, and a test machine
        // under load must not miss a lease and re-place them.
        '--rebalance',
        'off',
        '--node-timeout',
        '30s',
      ],
      {},
    ),
    silent,
  );
  target = `127.0.0.1:${cp.port}`;
});

afterAll(async () => {
  for (const a of agents) a.close();
  await cp?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function simulate(): Promise<Outcome> {
  const { stdout } = await promisify(execFile)(process.execPath, [
    SIMULATOR,
    '--nodes',
    path.join(dir, 'nodes.csv'),
    '--workloads',
    path.join(dir, 'workloads.csv'),
    '--plan',
  ]);
  const plan = JSON.parse(stdout.trim().split('\n').pop()!);
  const out: Outcome = {};
  for (const p of plan.placements) out[`${p.workload}/${p.replica}`] = p.node;
  for (const p of plan.pending) out[`${p.workload}/${p.replica}`] = `PENDING: ${p.reason}`;
  return out;
}

async function runControlPlane(): Promise<Outcome> {
  for (const n of rows(NODES)) {
    const labels = Object.fromEntries(split(n.labels).map((kv) => kv.split('=') as [string, string]));
    const capacity = { cpuMillis: Number(n.cpu_milli), memoryBytes: Number(n.memory_mib) * MIB };
    // Each scripted host joins with the join token like a real agent and speaks mutual TLS.
    const identity = new AgentIdentity({
      target,
      name: n.name,
      joinToken: secret('join.token'),
      stateDir: path.join(dir, 'agents', n.name),
      logger: silent,
    });
    const creds = await identity.credentials();
    identity.close();
    agents.push(
      await ScriptedAgent.connect(
        target,
        { name: n.name, labels, capacity, agentVersion: 'scripted', addresses: [] },
        creds,
        identity.channelOptions,
      ),
    );
  }
  const listed = await bufCurl(target, `${CP}/ListNodes`, {}, { tls: tls() });
  expect(listed.json.nodes.map((n: any) => `${n.name}:${n.state}`)).toEqual(rows(NODES).map((n) => `${n.name}:READY`));

  const out: Outcome = {};
  for (const w of rows(WORKLOADS)) {
    const spec = {
      name: w.name,
      image: 'coxswain/busybox:1',
      command: ['sleep', '1000'],
      replicas: Number(w.replicas),
      resources: { cpuMillis: Number(w.cpu_milli), memoryBytes: String(Number(w.memory_mib) * MIB) },
      constraints: split(w.constraints),
      ports: split(w.ports).map((p, i) => ({ name: `p${i}`, hostPort: Number(p) })),
    };
    const applied = await bufCurl(target, `${CP}/ApplyWorkload`, { workload: spec }, { tls: tls() });
    expect(applied.ok, applied.message).toBe(true);
  }
  // Read back once all are in: a later apply must not have moved an earlier workload.
  for (const w of rows(WORKLOADS)) {
    const got = await bufCurl(target, `${CP}/GetWorkload`, { name: w.name }, { tls: tls() });
    for (const r of got.json.status.replicas)
      out[`${w.name}/${r.id ?? 0}`] = r.state === 'PENDING' ? `PENDING: ${r.reason}` : r.node;
  }
  return out;
}

describe('simulator and control plane', () => {
  it('place the same workloads on the same nodes, and agree on what stays pending and why', async () => {
    const [simulated, live] = await Promise.all([simulate(), runControlPlane()]);

    // The input exercises what it claims to, whichever side is looked at.
    const labels = Object.fromEntries(rows(NODES).map((n) => [n.name, n.labels]));
    expect(Object.keys(simulated)).toHaveLength(24);
    expect(new Set(['web/0', 'web/1', 'web/2'].map((k) => simulated[k])).size).toBe(3);
    expect(new Set(['api/0', 'api/1', 'api/2'].map((k) => simulated[k])).size).toBe(3);
    expect(labels[simulated['db/0']]).toContain('zone=b');
    expect(labels[simulated['cache/0']]).not.toContain('disk=hdd');
    // n4 stays empty throughout, so the most free CPU is the same whenever the reason is computed.
    expect(simulated['huge/0']).toBe(
      'PENDING: 0/6 nodes available: 6 insufficient cpu (need 16000m cpu, most free 4000m)',
    );
    expect(simulated['pinned/0']).toBe('PENDING: 0/6 nodes available: 6 constraint node.labels.zone == z');
    // A fixed port once per node (n4 kept out, so it stays empty): the sixth copy and a rival
    // asking the same port wait for it.
    const edges = [0, 1, 2, 3, 4].map((k) => simulated[`edge/${k}`]);
    expect(new Set(edges).size).toBe(5);
    const portReason = 'PENDING: 0/6 nodes available: 5 port 7000 in use, 1 constraint node.name != n4';
    expect(simulated['edge/5']).toBe(portReason);
    expect(simulated['rival/0']).toBe(portReason);
    expect(labels[simulated['dyn/3']]).toContain('zone=a');

    expect(live).toEqual(simulated);
  });
});
