import { describe, expect, it } from 'vitest';
import { SessionTable, TableFull } from './table';

describe('SessionTable', () => {
  it('caps the sessions of each node, pending and open alike, and frees a slot on release', () => {
    const t = new SessionTable<string>(2);
    t.reserve('a', 'h1', 'logs', 'A');
    t.reserve('b', 'h1', 'exec', 'B');
    expect(() => t.reserve('c', 'h1', 'logs', 'C')).toThrow(TableFull);
    expect(() => t.reserve('c', 'h1', 'logs', 'C')).toThrow('node h1 already has 2 log and exec sessions open');
    t.reserve('d', 'h2', 'logs', 'D'); // another node has its own slots
    expect(t.claim('a', 'h1')).toMatchObject({ id: 'a', state: 'open' });
    expect(() => t.reserve('c', 'h1', 'logs', 'C')).toThrow(TableFull);
    expect(t.release('a')?.data).toBe('A');
    expect(t.countOn('h1')).toBe(1);
    t.reserve('c', 'h1', 'logs', 'C');
    expect(t.countOn('h1')).toBe(2);
    expect(t.size).toBe(3);
  });

  it('lets a session be claimed once, only by its own node', () => {
    const t = new SessionTable<null>(16);
    t.reserve('s1', 'h1', 'logs', null);
    expect(t.claim('nope', 'h1')).toBe('unknown');
    expect(t.claim('s1', 'h2')).toBe('other-node');
    expect(t.get('s1')?.state).toBe('pending'); // a wrong caller takes nothing away
    expect(t.claim('s1', 'h1')).toMatchObject({ state: 'open' });
    expect(t.claim('s1', 'h1')).toBe('taken');
  });

  it('forgets released sessions entirely', () => {
    const t = new SessionTable<null>(16);
    t.reserve('s1', 'h1', 'exec', null);
    expect(t.release('s1')?.kind).toBe('exec');
    expect(t.release('s1')).toBeUndefined();
    expect(t.claim('s1', 'h1')).toBe('unknown');
    expect(t.countOn('h1')).toBe(0);
    expect(t.entries()).toEqual([]);
  });
});
