import type { PortSpec } from '@coxswain/shared';
import { describe, expect, it } from 'vitest';
import { allocatePorts, portNeed, portsMatch } from './ports';

const port = (name: string, hostPort = 0, containerPort = 0): PortSpec => ({
  name,
  hostPort,
  containerPort,
  publish: 0,
});
const range = { low: 20000, high: 20003 };

describe('replica ports', () => {
  it('tells the scheduler fixed ports by number and dynamic ones by count', () => {
    expect(portNeed({ ports: [port('a', 8080), port('b'), port('c')] } as never)).toEqual({
      hostPorts: [8080],
      dynamicPorts: 2,
    });
    expect(portNeed({ ports: [] } as never)).toEqual({});
  });

  it('numbers dynamic ports lowest free first, keeps a previous number still free, and books them', () => {
    const taken = new Set([20000]);
    const given = allocatePorts([port('a', 8080), port('b'), port('c')], range, taken, [
      { name: 'c', hostPort: 20003, containerPort: 0 },
    ]);
    expect(given).toEqual({
      ports: [
        { name: 'a', hostPort: 8080, containerPort: 0 },
        { name: 'b', hostPort: 20001, containerPort: 0 },
        { name: 'c', hostPort: 20003, containerPort: 0 },
      ],
    });
    expect([...taken].sort((x, y) => x - y)).toEqual([8080, 20000, 20001, 20003]);
  });

  it('refuses rather than collide: a fixed port held, or the range used up', () => {
    expect(allocatePorts([port('a', 8080)], range, new Set([8080]))).toEqual({ refused: 'port 8080 in use' });
    expect(allocatePorts([port('a')], range, new Set([20000, 20001, 20002, 20003]))).toEqual({
      refused: 'no free dynamic port',
    });
  });

  it('keeps an allocation that still answers the spec and not one that does not', () => {
    const held = [{ name: 'a', hostPort: 20001, containerPort: 8080 }];
    expect(portsMatch([port('a', 0, 8080)], held)).toBe(true);
    expect(portsMatch([port('a', 0, 9090)], held)).toBe(false);
    expect(portsMatch([port('a', 20002, 8080)], held)).toBe(false);
    expect(portsMatch([port('b', 0, 8080)], held)).toBe(false);
    expect(portsMatch([], undefined)).toBe(true);
    expect(portsMatch([], held)).toBe(false);
  });
});
