import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration';
import { envName, FlagError, parseFlags, usage, type FlagSpec } from './flags';

const specs: FlagSpec[] = [
  { name: 'listen', help: 'address', default: '127.0.0.1:7070' },
  { name: 'node-timeout', help: 'lease', default: '3s' },
  { name: 'control-plane', help: 'where', required: true },
  { name: 'insecure', help: 'no tls', boolean: true },
];

describe('parseFlags', () => {
  it('takes flags first, then COXSWAIN_ variables, then defaults', () => {
    const f = parseFlags(specs, ['--control-plane', 'a:1'], { COXSWAIN_NODE_TIMEOUT: '5s', COXSWAIN_INSECURE: 'true' });
    expect(f).toMatchObject({ 'control-plane': 'a:1', 'node-timeout': '5s', listen: '127.0.0.1:7070', insecure: true });
    expect(
      parseFlags(specs, ['--control-plane', 'b:2', '--node-timeout', '1s'], { COXSWAIN_NODE_TIMEOUT: '5s' })[
        'node-timeout'
      ],
    ).toBe('1s');
  });

  it('collects a repeatable flag from repeats and comma lists, or from its variable', () => {
    const rep: FlagSpec[] = [{ name: 'tls-san', help: 'names', repeatable: true }];
    expect(parseFlags(rep, ['--tls-san', 'a.example', '--tls-san', '10.0.0.1, b.example'], {})['tls-san']).toEqual([
      'a.example',
      '10.0.0.1',
      'b.example',
    ]);
    expect(parseFlags(rep, [], { COXSWAIN_TLS_SAN: 'x,y' })['tls-san']).toEqual(['x', 'y']);
    expect(parseFlags(rep, [], {})['tls-san']).toEqual([]);
    expect(usage('prog', rep)).toContain('--tls-san VALUE...');
  });

  it('reads boolean variables that say no as false', () => {
    expect(parseFlags(specs, ['--control-plane', 'x:1'], { COXSWAIN_INSECURE: 'false' }).insecure).toBe(false);
  });

  it('refuses unknown flags and missing required ones', () => {
    expect(() => parseFlags(specs, ['--bogus'], {})).toThrow(FlagError);
    expect(() => parseFlags(specs, [], {})).toThrow(/--control-plane is required.*COXSWAIN_CONTROL_PLANE/);
  });

  it('names the variable of every flag in the help text', () => {
    expect(envName('node-timeout')).toBe('COXSWAIN_NODE_TIMEOUT');
    expect(usage('prog', specs)).toContain('[COXSWAIN_CONTROL_PLANE]');
  });
});

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['5s', 5000],
    ['1m', 60000],
    ['250', 250],
  ])('%s is %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it('refuses what is not a duration', () => {
    expect(() => parseDuration('soon', '--node-timeout')).toThrow(/--node-timeout: "soon" is not a duration/);
    expect(() => parseDuration('-5s')).toThrow();
  });
});
