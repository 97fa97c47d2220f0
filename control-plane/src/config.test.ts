import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';

describe('--singleton-fence', () => {
  it('is 15 s by default, and follows a longer --node-timeout', () => {
    expect(loadConfig([], {}).singletonFenceMs).toBe(15_000);
    expect(loadConfig(['--node-timeout', '30s'], {}).singletonFenceMs).toBe(30_000);
  });

  it('takes a given value, but none shorter than the node timeout', () => {
    expect(loadConfig(['--singleton-fence', '20s'], {}).singletonFenceMs).toBe(20_000);
    expect(() => loadConfig(['--singleton-fence', '2s'], {})).toThrow(/at least --node-timeout/);
  });
});
