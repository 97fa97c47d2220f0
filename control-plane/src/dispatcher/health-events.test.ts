import { describe, expect, it } from 'vitest';
import type { ContainerInfo } from '@coxswain/shared';
import { healthEvents } from './health-events';

const info = (id: string, health: string, extra: Partial<ContainerInfo> = {}): ContainerInfo => ({
  containerId: id,
  workload: 'web',
  replica: 0,
  epoch: 3,
  generation: 1,
  state: 'running',
  exitCode: 0,
  startedAt: 0,
  finishedAt: 0,
  health,
  healthFailures: 0,
  healthMessage: '',
  ...extra,
});

describe('healthEvents', () => {
  it('marks the first pass and each turn to failing, and nothing else', () => {
    const before = new Map([
      ['a', 'starting'],
      ['b', 'healthy'],
      ['c', 'healthy'],
      ['d', 'unhealthy'],
    ]);
    const events = healthEvents('h1', before, [
      info('a', 'healthy'),
      info('b', 'unhealthy', { healthFailures: 1, healthMessage: 'exit code 1' }),
      info('c', 'healthy'),
      info('d', 'unhealthy', { healthFailures: 2 }),
      info('e', 'starting'),
      info('f', 'unhealthy', { state: 'exited' }),
    ]);
    expect(events).toEqual([
      { type: 'replica.ready', node: 'h1', workload: 'web', replica: 0, epoch: 3, message: 'health check passed' },
      {
        type: 'replica.unhealthy',
        node: 'h1',
        workload: 'web',
        replica: 0,
        epoch: 3,
        message: 'health check failed (1 in a row): exit code 1',
      },
    ]);
  });
});
