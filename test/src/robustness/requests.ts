import { prng } from '@coxswain/shared';

export { prng };

// Request generators for the fuzz test: valid specs, specs broken in exactly one field (so the
// expected answer is known), and raw bytes.

export type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

export function validSpec(r: Rand, name: string): any {
  return {
    name,
    image: pick(r, [
      'coxswain/busybox:1',
      'busybox',
      'registry.local:5000/team/app:v1.2',
      'a/b/c@sha256:' + 'ab'.repeat(32),
    ]),
    command: pick(r, [[], ['sleep', '100'], ['sh', '-c', 'echo ünïcødé && sleep 5']]),
    env: pick(r, [{}, { MODE: 'prod', _X1: '' }]),
    replicas: int(r, 0, 3),
    resources: { cpuMillis: int(r, 1, 64000), memoryBytes: String(int(r, 6 << 20, 1 << 30)) },
    labels: pick(r, [{}, { team: 'a', 'example.com/tier': 'web' }]),
    constraints: pick(r, [[], ['node.labels.zone == a'], ['node.name != h1', 'node.labels.disk==ssd']]),
    restartPolicy: pick(r, ['', 'always', 'on-failure', 'never']),
    disconnect: pick(r, ['', 'keep', 'stop']),
  };
}

/** One field broken in a way validation must refuse. */
const BREAKERS: ((s: any, r: Rand) => void)[] = [
  (s) => (s.name = ''),
  (s, r) =>
    (s.name = pick(r, ['UPPER', 'has space', '-lead', 'trail-', 'dot.ted', 'ünï', 'a'.repeat(64), 'x_y', '\u0000'])),
  (s) => (s.image = ''),
  (s, r) => (s.image = pick(r, ['UPPER/case', 'has space', '::', 'a@@b', 'x'.repeat(600), 'img:tag:tag', '/lead'])),
  (s, r) => (s.replicas = pick(r, [-1, -1000, 1001, 2147483647])),
  (s, r) =>
    (s.resources = { cpuMillis: pick(r, [0, -1, -2147483648, 2_000_000_000]), memoryBytes: s.resources.memoryBytes }),
  (s, r) =>
    (s.resources = {
      cpuMillis: s.resources.cpuMillis,
      memoryBytes: pick(r, ['0', '-1', '1024', '9223372036854775807']),
    }),
  (s) => (s.resources = undefined),
  (s) => (s.command = Array(257).fill('x')),
  (s) => (s.command = ['sh', 'a\u0000b']),
  (s) => (s.command = ['x'.repeat(70_000)]),
  (s, r) => (s.env = pick(r, [{ '1BAD': 'x' }, { 'has-dash': 'x' }, { OK: 'nul\u0000' }, { BIG: 'x'.repeat(40_000) }])),
  (s) => (s.env = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`K${i}`, 'v']))),
  (s, r) => (s.labels = pick(r, [{ 'coxswain.node': 'x' }, { '-bad': 'x' }, { ok: 'v'.repeat(300) }])),
  (s, r) =>
    (s.constraints = [pick(r, ['zone = a', 'node.labels. == a', 'node.cpu > 3', '==', 'node.labels.zone ~= a'])]),
  (s) => (s.constraints = Array(40).fill('node.name == a')),
  (s, r) => (s.restartPolicy = pick(r, ['sometimes', 'ALWAYS', 'x'.repeat(1000)])),
  (s, r) => (s.disconnect = pick(r, ['drop', 'STOP'])),
];

export function brokenSpec(r: Rand, name: string): any {
  const s = validSpec(r, name);
  pick(r, BREAKERS)(s, r);
  return s;
}

export function randomBytes(r: Rand): Buffer {
  const n = int(r, 0, 512);
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = int(r, 0, 255);
  return b;
}

export const BAD_NAMES = ['', 'UPPER', 'a'.repeat(64), 'sp ace', '-x', 'ü'];
