import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { FlagError } from '@coxswain/shared';
import { defaultStateDir, parseAgentConfig, parseLabels } from './config';

describe('parseLabels', () => {
  it.each([
    ['', {}],
    ['zone=a', { zone: 'a' }],
    ['zone=a, disk=ssd', { zone: 'a', disk: 'ssd' }],
    ['k=v=w', { k: 'v=w' }],
    ['empty=', { empty: '' }],
  ])('%j', (text, want) => expect(parseLabels(text)).toEqual(want));

  it.each(['novalue', '=x', 'a=1,b'])('rejects %j', (text) => expect(() => parseLabels(text)).toThrow(FlagError));
});

describe('parseAgentConfig', () => {
  it('applies defaults', () => {
    const c = parseAgentConfig(['--control-plane', '127.0.0.1:7070'], {});
    expect(c).toEqual({
      controlPlane: '127.0.0.1:7070',
      name: os.hostname(),
      dockerHost: 'unix:///var/run/docker.sock',
      labels: {},
      capacityCpuMillis: undefined,
      capacityMemoryBytes: undefined,
      heartbeatIntervalMs: 1000,
      stopTimeoutMs: 10_000,
      engineTimeoutMs: 2000,
      containerNetwork: undefined,
      advertiseAddress: undefined,
      dynamicPorts: { low: 20000, high: 29999 },
      insecure: false,
      joinToken: undefined,
      stateDir: defaultStateDir(),
      metricsListen: undefined,
      meshConnectTimeoutMs: 250,
      meshKernel: 'auto',
    });
  });

  it('reads the mesh and metrics flags', () => {
    const c = parseAgentConfig(
      ['--control-plane', 'cp:7070', '--metrics-listen', '127.0.0.1:9464', '--mesh-connect-timeout', '100ms'],
      {},
    );
    expect(c).toMatchObject({ metricsListen: { host: '127.0.0.1', port: 9464 }, meshConnectTimeoutMs: 100 });
    expect(() => parseAgentConfig(['--control-plane', 'cp:7070', '--metrics-listen', 'nope'], {})).toThrow(FlagError);
    expect(() => parseAgentConfig(['--control-plane', 'cp:7070', '--mesh-connect-timeout', '0s'], {})).toThrow(
      /mesh-connect-timeout/,
    );
  });

  it('uses the kernel path unless --mesh-kernel off, and names the flag for anything else', () => {
    expect(parseAgentConfig(['--control-plane', 'cp:7070'], {})).toMatchObject({ meshKernel: 'auto' });
    expect(parseAgentConfig(['--control-plane', 'cp:7070', '--mesh-kernel', 'off'], {})).toMatchObject({
      meshKernel: 'off',
    });
    expect(() => parseAgentConfig(['--control-plane', 'cp:7070', '--mesh-kernel', 'on'], {})).toThrow(
      /--mesh-kernel: "on" is not auto or off/,
    );
  });

  it('reads every flag', () => {
    const c = parseAgentConfig(
      [
        '--control-plane',
        'cp:7070',
        '--name',
        'h1',
        '--docker-host',
        'tcp://10.0.0.1:2375',
        '--labels',
        'zone=a,disk=ssd',
        '--capacity-cpu-millis',
        '4000',
        '--capacity-memory-bytes',
        '1073741824',
        '--heartbeat-interval',
        '500ms',
        '--stop-timeout',
        '2s',
        '--engine-timeout',
        '750ms',
        '--container-network',
        'none',
        '--advertise-address',
        '10.1.2.3',
        '--dynamic-ports',
        '21000-21099',
        '--insecure',
        '--join-token',
        'tok',
        '--state-dir',
        '/tmp/agent-state',
      ],
      {},
    );
    expect(c).toMatchObject({
      controlPlane: 'cp:7070',
      name: 'h1',
      dockerHost: 'tcp://10.0.0.1:2375',
      labels: { zone: 'a', disk: 'ssd' },
      capacityCpuMillis: 4000,
      capacityMemoryBytes: 1073741824,
      heartbeatIntervalMs: 500,
      stopTimeoutMs: 2000,
      engineTimeoutMs: 750,
      containerNetwork: 'none',
      advertiseAddress: '10.1.2.3',
      dynamicPorts: { low: 21000, high: 21099 },
      insecure: true,
      joinToken: 'tok',
      stateDir: '/tmp/agent-state',
    });
  });

  it('falls back to COXSWAIN_* variables, then DOCKER_HOST', () => {
    const c = parseAgentConfig([], {
      COXSWAIN_CONTROL_PLANE: 'env:1',
      COXSWAIN_NAME: 'from-env',
      COXSWAIN_HEARTBEAT_INTERVAL: '2s',
      COXSWAIN_ENGINE_TIMEOUT: '3s',
      COXSWAIN_INSECURE: 'true',
      COXSWAIN_ADVERTISE_ADDRESS: '10.9.9.9',
      DOCKER_HOST: 'unix:///run/other.sock',
    });
    expect(c).toMatchObject({
      controlPlane: 'env:1',
      name: 'from-env',
      heartbeatIntervalMs: 2000,
      engineTimeoutMs: 3000,
      insecure: true,
      advertiseAddress: '10.9.9.9',
      dockerHost: 'unix:///run/other.sock',
    });
    const flagWins = parseAgentConfig(['--docker-host', 'unix:///a.sock'], {
      COXSWAIN_CONTROL_PLANE: 'x:1',
      COXSWAIN_DOCKER_HOST: 'unix:///b.sock',
      DOCKER_HOST: 'unix:///c.sock',
    });
    expect(flagWins).toMatchObject({ dockerHost: 'unix:///a.sock' });
    const envWins = parseAgentConfig([], {
      COXSWAIN_CONTROL_PLANE: 'x:1',
      COXSWAIN_DOCKER_HOST: 'unix:///b.sock',
      DOCKER_HOST: 'unix:///c.sock',
    });
    expect(envWins).toMatchObject({ dockerHost: 'unix:///b.sock' });
  });

  it('returns help without requiring --control-plane', () => {
    expect(parseAgentConfig(['--help'], {})).toEqual({ help: true });
  });

  it.each([
    [[]],
    [['--control-plane', 'x:1', '--bogus']],
    [['--control-plane', 'x:1', '--heartbeat-interval', 'soon']],
    [['--control-plane', 'x:1', '--heartbeat-interval', '0']],
    [['--control-plane', 'x:1', '--stop-timeout', 'later']],
    [['--control-plane', 'x:1', '--capacity-cpu-millis', '-5']],
    [['--control-plane', 'x:1', '--capacity-memory-bytes', '1.5']],
    [['--control-plane', 'x:1', '--docker-host', 'ssh://h']],
    [['--control-plane', 'x:1', '--labels', 'oops']],
    [['--control-plane', 'x:1', '--advertise-address', 'host.example']],
    [['--control-plane', 'x:1', '--dynamic-ports', '20000']],
    [['--control-plane', 'x:1', '--dynamic-ports', '30000-20000']],
    [['--control-plane', 'x:1', '--dynamic-ports', '0-100']],
    [['--control-plane', 'x:1', '--dynamic-ports', '60000-70000']],
  ])('rejects %j with a FlagError', (argv) => {
    expect(() => parseAgentConfig(argv, {})).toThrow(FlagError);
  });
});
