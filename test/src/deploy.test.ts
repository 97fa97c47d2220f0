import { cp, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, tryRun } from './hosts/exec';

const REPO = resolve(__dirname, '..', '..');

/**
 * install.sh copies the checkout it lives in. A stand-in checkout with a built-looking dist keeps
 * this test independent of the build and fast, while running the real script and unit files.
 */
async function fakeCheckout(root: string): Promise<string> {
  const src = join(root, 'src');
  await cp(join(REPO, 'deploy'), join(src, 'deploy'), { recursive: true });
  for (const role of ['agent', 'control-plane']) {
    await mkdir(join(src, role, 'dist'), { recursive: true });
    await writeFile(join(src, role, 'dist', 'main.js'), `console.log('${role}');\n`);
  }
  await mkdir(join(src, 'node_modules', 'some-dep'), { recursive: true });
  await mkdir(join(src, '.git'), { recursive: true });
  return src;
}

describe('deploy/install.sh', () => {
  let root: string;
  let src: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'coxswain-deploy-'));
    src = await fakeCheckout(root);
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function install(destdir: string, args: string[]) {
    return tryRun('bash', [join(src, 'deploy', 'install.sh'), ...args], {
      env: { ...process.env, DESTDIR: destdir, PREFIX: '/opt/coxswain' },
    });
  }

  it('stages an agent: program files, env file, and a unit that systemd accepts', async () => {
    const dest = join(root, 'agent-root');
    const res = await install(dest, [
      'agent',
      '--control-plane',
      '10.1.2.3:7070',
      '--name',
      'edge-1',
      '--labels',
      'zone=a,disk=ssd',
      '--join-token',
      'SWMTKN-1-abc',
      '--heartbeat-interval=2s',
      '--insecure',
    ]);
    expect(res.code, res.stderr).toBe(0);

    expect((await stat(join(dest, 'opt/coxswain/agent/dist/main.js'))).isFile()).toBe(true);
    expect((await stat(join(dest, 'opt/coxswain/node_modules/some-dep'))).isDirectory()).toBe(true);
    await expect(stat(join(dest, 'opt/coxswain/.git'))).rejects.toThrow();

    const envFile = join(dest, 'etc/coxswain/agent.env');
    const env = await readFile(envFile, 'utf8');
    const vars = env.split('\n').filter((l) => l && !l.startsWith('#'));
    expect(vars).toEqual([
      'COXSWAIN_CONTROL_PLANE="10.1.2.3:7070"',
      'COXSWAIN_NAME="edge-1"',
      'COXSWAIN_LABELS="zone=a,disk=ssd"',
      'COXSWAIN_JOIN_TOKEN="SWMTKN-1-abc"',
      'COXSWAIN_HEARTBEAT_INTERVAL="2s"',
      'COXSWAIN_INSECURE="true"',
    ]);
    // It holds the join token.
    expect((await stat(envFile)).mode & 0o777).toBe(0o600);

    const unitPath = join(dest, 'etc/systemd/system/coxswain-agent.service');
    const unit = await readFile(unitPath, 'utf8');
    expect(unit).toMatch(/^EnvironmentFile=\/etc\/coxswain\/agent\.env$/m);
    expect(unit).toMatch(/^After=.*docker\.service/m);
    expect(unit).toMatch(/^Restart=always$/m);
    const execStart = /^ExecStart=(\S+) (\S+)$/m.exec(unit);
    expect(execStart?.[2]).toBe('/opt/coxswain/agent/dist/main.js');
    // The unit names the node this machine has, which verify checks is executable.
    await run(execStart![1]!, ['--version']);
    await run('systemd-analyze', ['verify', unitPath]);
  });

  it('stages a control plane with its flags', async () => {
    const dest = join(root, 'cp-root');
    const res = await install(dest, [
      'control-plane',
      '--listen',
      '0.0.0.0:7070',
      '--db',
      '/var/lib/coxswain/cluster.db',
    ]);
    expect(res.code, res.stderr).toBe(0);
    const env = await readFile(join(dest, 'etc/coxswain/control-plane.env'), 'utf8');
    expect(env).toContain('COXSWAIN_LISTEN="0.0.0.0:7070"\n');
    expect(env).toContain('COXSWAIN_DB="/var/lib/coxswain/cluster.db"\n');
    const unitPath = join(dest, 'etc/systemd/system/coxswain-control-plane.service');
    expect(await readFile(unitPath, 'utf8')).toMatch(/^ExecStart=\S+ \/opt\/coxswain\/control-plane\/dist\/main\.js$/m);
    await run('systemd-analyze', ['verify', unitPath]);
  });

  it('verification is not a rubber stamp: a broken unit fails it', async () => {
    const bad = join(root, 'broken.service');
    await writeFile(bad, '[Service]\nExecStart=relative/path\nRestart=sometimes\n');
    expect((await tryRun('systemd-analyze', ['verify', bad])).code).not.toBe(0);
  });

  it('refuses an agent without a control plane, and unknown roles, writing nothing', async () => {
    const dest = join(root, 'refused');
    const noCp = await install(dest, ['agent', '--name', 'x']);
    expect(noCp.code).not.toBe(0);
    expect(noCp.stderr).toContain('--control-plane');
    const badRole = await install(dest, ['scheduler']);
    expect(badRole.code).not.toBe(0);
    await expect(stat(dest)).rejects.toThrow();
  });
});
