import { describe, expect, it } from 'vitest';
import type { ExecRequest } from '@coxswain/shared';
import { validateExecStart, validateStreamLogs } from './session-requests';
import { ValidationError } from './validate';

function fieldOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return (err as ValidationError).field;
  }
  throw new Error('expected a validation error');
}

const first = (over: Partial<ExecRequest> = {}): ExecRequest => ({
  name: 'web',
  replica: 0,
  command: ['cat', '/etc/hostname'],
  tty: false,
  stdin: Buffer.alloc(0),
  stdinEof: false,
  rows: 0,
  cols: 0,
  ...over,
});

describe('validateStreamLogs', () => {
  it('takes a name, a replica and the options', () => {
    expect(validateStreamLogs({ name: 'web', replica: 2, follow: true, tail: 100 })).toEqual({
      name: 'web',
      replica: 2,
      follow: true,
      tail: 100,
    });
  });

  it('names the bad field', () => {
    expect(fieldOf(() => validateStreamLogs({ name: '', replica: 0, follow: false, tail: 0 }))).toBe('name');
    expect(fieldOf(() => validateStreamLogs({ name: 'Web!', replica: 0, follow: false, tail: 0 }))).toBe('name');
    expect(fieldOf(() => validateStreamLogs({ name: 'web', replica: -1, follow: false, tail: 0 }))).toBe('replica');
    expect(fieldOf(() => validateStreamLogs({ name: 'web', replica: 0, follow: false, tail: -5 }))).toBe('tail');
  });
});

describe('validateExecStart', () => {
  it('needs a command in the first message', () => {
    expect(fieldOf(() => validateExecStart(first({ command: [] })))).toBe('command');
    expect(fieldOf(() => validateExecStart(first({ command: [''] })))).toBe('command');
    expect(() => validateExecStart(first({ command: [] }))).toThrow(/^command: is required/);
  });

  it('bounds the command and the terminal size', () => {
    expect(fieldOf(() => validateExecStart(first({ command: ['a\0b'] })))).toBe('command[0]');
    expect(fieldOf(() => validateExecStart(first({ command: Array(300).fill('x') })))).toBe('command');
    expect(fieldOf(() => validateExecStart(first({ rows: 70_000 })))).toBe('rows');
    expect(fieldOf(() => validateExecStart(first({ name: 'x'.repeat(64) })))).toBe('name');
  });

  it('keeps what the session needs', () => {
    expect(validateExecStart(first({ tty: true, rows: 24, cols: 80, stdin: Buffer.from('hi') }))).toMatchObject({
      command: ['cat', '/etc/hostname'],
      tty: true,
      rows: 24,
      cols: 80,
      stdin: Buffer.from('hi'),
    });
  });
});
