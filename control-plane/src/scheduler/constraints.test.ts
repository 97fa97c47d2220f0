import { describe, expect, it } from 'vitest';
import { constraintMatches, formatConstraint, parseConstraint } from './constraints';
import { node } from './test-helpers';

describe('parseConstraint', () => {
  it('parses name and label constraints with or without spaces', () => {
    expect(parseConstraint('node.name == h1')).toEqual({ attribute: 'name', op: '==', value: 'h1' });
    expect(parseConstraint('node.name!=h2')).toEqual({ attribute: 'name', op: '!=', value: 'h2' });
    expect(parseConstraint('node.labels.topology.kubernetes.io/zone == eu-1a')).toEqual({
      attribute: 'labels.topology.kubernetes.io/zone',
      op: '==',
      value: 'eu-1a',
    });
    expect(parseConstraint('  node.labels.disk_type!=hdd ')).toEqual({
      attribute: 'labels.disk_type',
      op: '!=',
      value: 'hdd',
    });
  });

  it.each([
    '',
    'node.name',
    'node.name = h1',
    'node.cpu == 4',
    'name == h1',
    'node.labels. == a',
    'node.name == a b',
    'node.labels.k == ',
  ])('rejects %j with a message naming the syntax', (text) => {
    expect(() => parseConstraint(text)).toThrow(/invalid constraint .*node\.labels\.KEY == VALUE/);
  });

  it('round-trips through formatConstraint', () => {
    expect(formatConstraint(parseConstraint('node.labels.zone==a'))).toBe('node.labels.zone == a');
  });
});

describe('constraintMatches', () => {
  const n = node('h1', 1000, 1, { labels: { zone: 'a' } });
  it('compares names and labels', () => {
    expect(constraintMatches(n, parseConstraint('node.name == h1'))).toBe(true);
    expect(constraintMatches(n, parseConstraint('node.name != h1'))).toBe(false);
    expect(constraintMatches(n, parseConstraint('node.labels.zone == a'))).toBe(true);
    expect(constraintMatches(n, parseConstraint('node.labels.zone != a'))).toBe(false);
  });
  it('treats a missing label as unequal to everything', () => {
    expect(constraintMatches(n, parseConstraint('node.labels.gpu == yes'))).toBe(false);
    expect(constraintMatches(n, parseConstraint('node.labels.gpu != yes'))).toBe(true);
  });
});
