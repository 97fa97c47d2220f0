// The StartReplica -> Docker mapping: network, published ports, the variables a replica learns its
// ports from, $(VAR) in command and env, mounts and the stop grace.
import type { StartReplica } from '@coxswain/shared';
import { describe, expect, it } from 'vitest';
import { containerShape, portVariable, serviceVariable, shapeOf, volumeName } from './container-spec';

function cmd(extra: Partial<StartReplica>): StartReplica {
  return {
    commandId: 'c1',
    workload: 'web',
    replica: 2,
    epoch: 5,
    generation: 1,
    image: 'busybox',
    command: ['httpd', '-f', '-p', '$(COXSWAIN_PORT_HTTP)'],
    env: { GREETING: 'port $(COXSWAIN_PORT_HTTP) on $(COXSWAIN_HOST_IP)', PRICE: '$$5', ODD: '$(NOPE)' },
    resources: { cpuMillis: 100, memoryBytes: 0 },
    labels: {},
    disconnect: 'keep',
    network: 'host',
    ports: [{ name: 'http', hostPort: 20001, containerPort: 0 }],
    health: null,
    mounts: [],
    stopGraceMs: 2500,
    ...extra,
  } as StartReplica;
}

const opts = { hostIp: '10.0.0.7', bindAddress: '0.0.0.0' };

describe('container shape', () => {
  it('gives each service the mesh address, loopback in host mode, the host IP otherwise', () => {
    expect(serviceVariable('my-api', 'grpc-web')).toBe('COXSWAIN_SERVICE_MY_API_GRPC_WEB');
    const services = [{ workload: 'db-main', portName: 'pg', publish: 30432 }];
    const env = { DSN: 'postgres://$(COXSWAIN_SERVICE_DB_MAIN_PG)/x' };
    const host = containerShape(cmd({ services, env }), opts);
    expect(host.env).toEqual(
      expect.arrayContaining(['COXSWAIN_SERVICE_DB_MAIN_PG=127.0.0.1:30432', 'DSN=postgres://127.0.0.1:30432/x']),
    );
    const bridge = containerShape(cmd({ services, env, network: 'bridge' }), opts);
    expect(bridge.env).toEqual(expect.arrayContaining(['COXSWAIN_SERVICE_DB_MAIN_PG=10.0.0.7:30432']));
    expect(containerShape(cmd({}), opts).env.some((e) => e.startsWith('COXSWAIN_SERVICE_'))).toBe(false);
  });

  it('names port variables in upper case with - as _', () => {
    expect(portVariable('http-alt')).toBe('COXSWAIN_PORT_HTTP_ALT');
  });

  it('in host mode gives the host port and expands $(VAR) in command and env', () => {
    const s = containerShape(cmd({}), opts);
    expect(s.hostConfig.NetworkMode).toBe('host');
    expect(s.hostConfig.PortBindings).toBeUndefined();
    expect(s.cmd).toEqual(['httpd', '-f', '-p', '20001']);
    expect(s.env).toEqual(
      expect.arrayContaining([
        'COXSWAIN_PORT_HTTP=20001',
        'COXSWAIN_HOST_IP=10.0.0.7',
        'GREETING=port 20001 on 10.0.0.7',
        'PRICE=$5',
        'ODD=$(NOPE)',
      ]),
    );
    expect(s.stopTimeoutSeconds).toBe(3);
  });

  it('in bridge mode publishes the container port on the host port and gives the container port', () => {
    const s = containerShape(
      cmd({
        network: 'bridge',
        ports: [
          { name: 'http', hostPort: 20001, containerPort: 8080 },
          { name: 'admin', hostPort: 20002, containerPort: 0 },
        ],
      }),
      { ...opts, bindAddress: '10.0.0.7' },
    );
    expect(s.hostConfig.NetworkMode).toBe('bridge');
    expect(s.exposedPorts).toEqual({ '8080/tcp': {}, '20002/tcp': {} });
    expect(s.hostConfig.PortBindings).toEqual({
      '8080/tcp': [{ HostIp: '10.0.0.7', HostPort: '20001' }],
      '20002/tcp': [{ HostIp: '10.0.0.7', HostPort: '20002' }],
    });
    expect(s.cmd).toEqual(['httpd', '-f', '-p', '8080']);
    expect(s.env).toContain('COXSWAIN_PORT_ADMIN=20002');
  });

  it('uses the agent-wide network only for a command that names none', () => {
    expect(containerShape(cmd({ network: '' }), { ...opts, fallbackNetwork: 'none' }).hostConfig.NetworkMode).toBe(
      'none',
    );
    expect(containerShape(cmd({}), { ...opts, fallbackNetwork: 'none' }).hostConfig.NetworkMode).toBe('host');
  });

  it('maps volume, bind and tmpfs mounts, a volume per replica', () => {
    const s = containerShape(
      cmd({
        mounts: [
          { type: 'volume', source: 'data', target: '/data', readOnly: false },
          { type: 'bind', source: '/srv/conf', target: '/conf', readOnly: true },
          { type: 'tmpfs', source: '', target: '/scratch', readOnly: false },
        ],
      }),
      opts,
    );
    expect(volumeName('web', 2, 'data')).toBe('coxswain-web-2-data');
    expect(s.hostConfig.Mounts).toEqual([
      { Type: 'volume', Source: 'coxswain-web-2-data', Target: '/data', ReadOnly: false },
      { Type: 'bind', Source: '/srv/conf', Target: '/conf', ReadOnly: true },
      { Type: 'tmpfs', Source: '', Target: '/scratch', ReadOnly: false },
    ]);
  });

  it('tells a changed network, port or mount from an unchanged command', () => {
    const base = shapeOf(cmd({}));
    expect(shapeOf(cmd({ epoch: 9 }))).toBe(base);
    expect(shapeOf(cmd({ network: 'bridge' }))).not.toBe(base);
    expect(shapeOf(cmd({ ports: [{ name: 'http', hostPort: 20002, containerPort: 0 }] }))).not.toBe(base);
    expect(shapeOf(cmd({ mounts: [{ type: 'tmpfs', source: '', target: '/t', readOnly: false }] }))).not.toBe(base);
  });
});
