import { describe, expect, it } from 'vitest';
import type { StartReplica } from '@coxswain/shared';
import { dockerOptions } from './connect';
import { containerLabels, dockerTimeToMs, isCoxswainContainer, matchesCommand, toManaged } from './labels';

const cmd: StartReplica = {
  commandId: 'c1',
  workload: 'web',
  replica: 2,
  epoch: 7,
  generation: 3,
  image: 'img:1',
  command: [],
  env: {},
  resources: { cpuMillis: 250, memoryBytes: 64 << 20 },
  labels: { team: 'a', 'coxswain.epoch': '999' },
  disconnect: 'stop',
};

describe('container labels', () => {
  it('puts the contract labels over the spec labels', () => {
    expect(containerLabels(cmd, 'h1')).toEqual({
      team: 'a',
      'coxswain.workload': 'web',
      'coxswain.replica': '2',
      'coxswain.generation': '3',
      'coxswain.node': 'h1',
      'coxswain.epoch': '7',
      'coxswain.disconnect': 'stop',
    });
    expect(containerLabels({ ...cmd, disconnect: '' }, 'h1')['coxswain.disconnect']).toBe('keep');
  });

  it('matches on epoch and generation', () => {
    const labels = containerLabels(cmd, 'h1');
    expect(matchesCommand(labels, cmd)).toBe(true);
    expect(matchesCommand(labels, { ...cmd, epoch: 8 })).toBe(false);
    expect(matchesCommand(labels, { ...cmd, generation: 4 })).toBe(false);
  });

  it('recognises Coxswain containers by the workload label only', () => {
    expect(isCoxswainContainer({ 'coxswain.workload': 'web' })).toBe(true);
    expect(isCoxswainContainer({ 'coxswain.workload': '' })).toBe(false);
    expect(isCoxswainContainer({ other: 'x' })).toBe(false);
    expect(isCoxswainContainer(undefined)).toBe(false);
  });
});

describe('toManaged', () => {
  it('maps inspect facts to ContainerInfo', () => {
    const m = toManaged({
      id: 'abc',
      name: '/coxswain-web-2',
      labels: containerLabels(cmd, 'h1'),
      state: 'exited',
      exitCode: 137,
      startedAt: '2024-01-02T03:04:05.678Z',
      finishedAt: '0001-01-01T00:00:00Z',
    });
    expect(m).toEqual({
      name: 'coxswain-web-2',
      disconnect: 'stop',
      labels: containerLabels(cmd, 'h1'),
      info: {
        containerId: 'abc',
        workload: 'web',
        replica: 2,
        epoch: 7,
        generation: 3,
        state: 'exited',
        exitCode: 137,
        startedAt: Date.parse('2024-01-02T03:04:05.678Z'),
        finishedAt: 0,
        health: '',
        healthFailures: 0,
        healthMessage: '',
      },
    });
  });

  it('tolerates missing or garbled labels', () => {
    const m = toManaged({
      id: 'x',
      name: 'n',
      labels: { 'coxswain.workload': 'w', 'coxswain.replica': 'two' },
      state: 'running',
    });
    expect(m.info).toMatchObject({ replica: 0, epoch: 0, generation: 0, exitCode: 0, startedAt: 0 });
    expect(m.disconnect).toBe('keep');
  });

  it('reads docker times', () => {
    expect(dockerTimeToMs(undefined)).toBe(0);
    expect(dockerTimeToMs('garbage')).toBe(0);
    expect(dockerTimeToMs('1970-01-01T00:00:01Z')).toBe(1000);
  });
});

describe('dockerOptions', () => {
  it.each([
    ['unix:///var/run/docker.sock', { socketPath: '/var/run/docker.sock' }],
    ['tcp://10.0.0.5:2376', { protocol: 'http', host: '10.0.0.5', port: 2376 }],
    ['tcp://dockerhost', { protocol: 'http', host: 'dockerhost', port: 2375 }],
    ['tcp://[::1]:2375', { protocol: 'http', host: '::1', port: 2375 }],
  ])('%s', (url, want) => expect(dockerOptions(url)).toEqual(want));

  it.each(['ssh://h', 'unix://relative.sock', 'tcp://'])('rejects %s', (url) =>
    expect(() => dockerOptions(url)).toThrow(url),
  );
});
