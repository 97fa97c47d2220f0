import type { PortSpec, WorkloadSpec } from '@coxswain/shared';
import { describe, expect, it } from 'vitest';
import type { WorkloadRecord } from '../model';
import { checkPublishUnique } from './publish';

const port = (publish: number): PortSpec => ({ name: 'http', hostPort: 0, containerPort: 0, publish });
const spec = (name: string, ports: PortSpec[]) => ({ name, ports }) as unknown as WorkloadSpec;
const record = (name: string, ports: PortSpec[]): WorkloadRecord => ({
  name,
  spec: spec(name, ports),
  generation: 1,
  createdAt: 0,
  updatedAt: 0,
});

describe('published ports', () => {
  it('refuses a publish port another workload has, naming the field and the workload', () => {
    expect(() => checkPublishUnique(spec('b', [port(0), port(30080)]), [record('a', [port(30080)])])).toThrow(
      'ports[1].publish: port 30080 is already published by workload "a"',
    );
  });

  it('lets a workload keep its own publish port and ignores unpublished ports', () => {
    expect(() => checkPublishUnique(spec('a', [port(30080)]), [record('a', [port(30080)])])).not.toThrow();
    expect(() => checkPublishUnique(spec('b', [port(0)]), [record('a', [port(0)])])).not.toThrow();
  });
});
