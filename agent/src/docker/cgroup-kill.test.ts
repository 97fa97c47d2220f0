// Real processes in real cgroups this test makes (it needs root and cgroupfs, as the agent does);
// no engine: the point of the module is to work when the engine does not answer.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isRoot, isRunning, TestCgroups } from '../testing';
import { killContainerCgroup, pidsUnder } from './cgroup-kill';

const cgroups = new TestCgroups();
afterEach(() => cgroups.cleanup());

describe.runIf(isRoot)('killContainerCgroup (root, real cgroups)', () => {
  it('kills every process of the cgroup found from its main pid, frozen first, and checks it is empty', async () => {
    const { id, dirs } = await cgroups.make(['freezer', 'pids', 'memory']);
    const child = await cgroups.spawnInto(dirs);
    const before = await pidsUnder(dirs[0]);
    expect(before.length).toBe(3);

    const result = await killContainerCgroup(id, child.pid);

    expect(result.dirs.sort()).toEqual([...dirs].sort());
    expect(result.killed.sort()).toEqual([...before].sort());
    for (const d of dirs) expect(await pidsUnder(d)).toEqual([]);
    for (const p of before) expect(await isRunning(p), `pid ${p}`).toBe(false);
    // Left thawed: a later container in a reused folder must not start frozen.
    const freezer = dirs.find((d) => d.includes('/freezer/'));
    if (freezer) expect((await readFile(join(freezer, 'freezer.state'), 'utf8')).trim()).toBe('THAWED');
  });

  it('finds the cgroup by the container id when the pid is not known (an agent restarted meanwhile)', async () => {
    const { id, dirs } = await cgroups.make(['pids']);
    await cgroups.spawnInto(dirs);
    const before = await pidsUnder(dirs[0]);

    const result = await killContainerCgroup(id, undefined);

    expect(result.dirs).toEqual(dirs);
    expect(result.killed.sort()).toEqual(before.sort());
    expect(await pidsUnder(dirs[0])).toEqual([]);
  });

  it('does not touch a pid reused by a process outside the container', async () => {
    const { id } = await cgroups.make(['pids']);
    const bystander = cgroups.bystander();

    const result = await killContainerCgroup(id, bystander.pid);

    expect(result.killed).toEqual([]);
    expect(await isRunning(bystander.pid!)).toBe(true);
  });

  it('reports nothing to kill for a container whose cgroup is gone', async () => {
    const result = await killContainerCgroup(randomBytes(32).toString('hex'), undefined);
    expect(result).toEqual({ dirs: [], killed: [] });
  });
});

describe('killContainerCgroup input', () => {
  it('refuses what is not a container id (it becomes part of a path)', async () => {
    await expect(killContainerCgroup('../../etc', undefined)).rejects.toThrow(/not a container id/);
  });
});
