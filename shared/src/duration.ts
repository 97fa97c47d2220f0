import ms from 'ms';

/** Parses "500ms", "5s", "1m" (or a bare number of milliseconds) into milliseconds. */
export function parseDuration(text: string, what = 'duration'): number {
  const trimmed = text.trim();
  const value = /^\d+$/.test(trimmed) ? Number(trimmed) : ms(trimmed as ms.StringValue);
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new Error(`${what}: "${text}" is not a duration (use e.g. 500ms, 5s, 1m)`);
  }
  return value;
}
