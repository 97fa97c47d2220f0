import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { ContainerReport } from '@coxswain/shared';
import type { ManagedContainer } from '../docker';
import { Reporter } from './reporter';

function managed(id: string, state = 'running'): ManagedContainer {
  return {
    name: `coxswain-w-${id}`,
    disconnect: 'keep',
    info: {
      containerId: id,
      workload: 'w',
      replica: 0,
      epoch: 1,
      generation: 1,
      state,
      exitCode: 0,
      startedAt: 0,
      finishedAt: 0,
    },
  };
}

describe('Reporter', () => {
  const setup = (existing: Record<string, ManagedContainer>, opts: { slowList?: number } = {}) => {
    const sent: ContainerReport[] = [];
    let inspections = 0;
    const reporter = new Reporter({
      list: async () => {
        await new Promise((r) => setTimeout(r, opts.slowList ?? 0));
        return Object.values(existing);
      },
      inspect: async (id) => {
        inspections++;
        return existing[id];
      },
      send: (r) => (sent.push(r), true),
      logger: pino({ level: 'silent' }),
      debounceMs: 20,
    });
    return { reporter, sent, inspections: () => inspections };
  };

  it('batches a burst of changes into one incremental report with removals', async () => {
    const { reporter, sent, inspections } = setup({ a: managed('a', 'exited'), b: managed('b') });
    for (const id of ['a', 'a', 'b', 'gone', 'a']) reporter.changed(id);
    await new Promise((r) => setTimeout(r, 60));
    expect(sent).toEqual([
      { full: false, containers: [managed('a', 'exited').info, managed('b').info], removed: ['gone'] },
    ]);
    expect(inspections()).toBe(3);
  });

  it('keeps reports in order: a slow full report is not overtaken', async () => {
    const { reporter, sent } = setup({ a: managed('a') }, { slowList: 50 });
    const full = reporter.full();
    reporter.changed('a');
    await full;
    await new Promise((r) => setTimeout(r, 60));
    expect(sent.map((r) => r.full)).toEqual([true, false]);
  });

  it('survives a failing engine and sends nothing after close', async () => {
    const sent: ContainerReport[] = [];
    const reporter = new Reporter({
      list: async () => {
        throw new Error('engine down');
      },
      inspect: async () => undefined,
      send: (r) => (sent.push(r), true),
      logger: pino({ level: 'silent' }),
      debounceMs: 5,
    });
    await expect(reporter.full()).resolves.toBeUndefined();
    reporter.close();
    reporter.changed('x');
    await new Promise((r) => setTimeout(r, 20));
    expect(sent).toEqual([]);
  });
});
