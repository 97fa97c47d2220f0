import { describe, expect, it } from 'vitest';
import type { MeshService } from '@coxswain/shared';
import { MESH_CHAIN, forwardedConnections, localForwards, restoreScript } from './kernel-rules';

const service = (publish: number, endpoints: [node: string, address: string, port: number][]): MeshService => ({
  publish,
  workload: `w${publish}`,
  portName: 'http',
  endpoints: endpoints.map(([node, address, port], i) => ({ replica: i, node, address, port })),
});

describe('localForwards', () => {
  it("keeps only this node's endpoints, of ports it listens on, sorted by port", () => {
    const out = localForwards(
      [
        service(30081, [
          ['h2', '10.0.0.2', 20001],
          ['h1', '10.0.0.1', 20002],
        ]),
        service(30080, [['h1', '10.0.0.1', 20000]]),
        service(30082, [['h1', '10.0.0.1', 20003]]),
        service(30083, [['h2', '10.0.0.2', 20004]]),
      ],
      'h1',
      (port) => port !== 30082,
    );
    expect(out).toEqual([
      { publish: 30080, targets: [{ address: '10.0.0.1', port: 20000 }] },
      { publish: 30081, targets: [{ address: '10.0.0.1', port: 20002 }] },
    ]);
  });

  it('leaves IPv6 and malformed endpoints to the userspace proxy', () => {
    const out = localForwards(
      [
        service(30080, [
          ['h1', 'fd00::1', 20000],
          ['h1', '10.0.0.1 -j ACCEPT', 20001],
          ['h1', '10.0.0.1', 0],
        ]),
      ],
      'h1',
      () => true,
    );
    expect(out).toEqual([]);
  });
});

describe('restoreScript', () => {
  it('replaces the chain in one commit, sharing a port evenly among its targets', () => {
    const script = restoreScript([
      {
        publish: 30080,
        targets: [
          { address: '10.0.0.1', port: 20000 },
          { address: '10.0.0.1', port: 20001 },
          { address: '10.0.0.1', port: 20002 },
        ],
      },
      { publish: 30090, targets: [{ address: '10.0.0.1', port: 20005 }] },
    ]);
    const lines = script.trim().split('\n');
    expect(lines.slice(0, 3)).toEqual(['*nat', `:${MESH_CHAIN} - [0:0]`, `-F ${MESH_CHAIN}`]);
    expect(lines.at(-1)).toBe('COMMIT');
    const rules = lines.filter((l) => l.startsWith('-A'));
    expect(rules).toHaveLength(4);
    // 1/3 of all, then 1/2 of the remaining 2/3, then the rest: a third each.
    expect(rules[0]).toContain('--probability 0.33333 -j DNAT --to-destination 10.0.0.1:20000');
    expect(rules[1]).toContain('--probability 0.50000 -j DNAT --to-destination 10.0.0.1:20001');
    expect(rules[2]).not.toContain('statistic');
    expect(rules[2]).toContain('--dport 30080 -j DNAT --to-destination 10.0.0.1:20002');
    expect(rules[3]).toBe(`-A ${MESH_CHAIN} -p tcp --dport 30090 -j DNAT --to-destination 10.0.0.1:20005`);
  });

  it('with no forwards only empties the chain', () => {
    expect(restoreScript([]).trim().split('\n')).toEqual([
      '*nat',
      `:${MESH_CHAIN} - [0:0]`,
      `-F ${MESH_CHAIN}`,
      'COMMIT',
    ]);
  });
});

describe('forwardedConnections', () => {
  it("sums the packet counts of the chain's rules per port and ignores every other rule", () => {
    const save = [
      '*nat',
      ':PREROUTING ACCEPT [0:0]',
      `:${MESH_CHAIN} - [0:0]`,
      `[900:54000] -A PREROUTING -m addrtype --dst-type LOCAL -j ${MESH_CHAIN}`,
      `[7:420] -A ${MESH_CHAIN} -p tcp -m tcp --dport 30080 -m statistic --mode random --probability 0.50000 -j DNAT --to-destination 10.0.0.1:20000`,
      `[5:300] -A ${MESH_CHAIN} -p tcp -m tcp --dport 30080 -j DNAT --to-destination 10.0.0.1:20001`,
      `[3:180] -A ${MESH_CHAIN} -p tcp -m tcp --dport 30090 -j DNAT --to-destination 10.0.0.1:20005`,
      '[4:240] -A OTHER -p tcp -m tcp --dport 30080 -j DNAT --to-destination 10.9.9.9:1',
      'COMMIT',
    ].join('\n');
    expect(forwardedConnections(save)).toEqual(
      new Map([
        [30080, 12],
        [30090, 3],
      ]),
    );
  });
});
