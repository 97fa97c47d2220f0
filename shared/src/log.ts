import pino from 'pino';

export type Logger = pino.Logger;

/** One JSON line per event on stderr; `COXSWAIN_LOG_LEVEL` sets the level (default info). */
export function createLogger(name: string, level = process.env.COXSWAIN_LOG_LEVEL ?? 'info'): Logger {
  return pino({ name, level, base: { name } }, pino.destination({ fd: 2, sync: true }));
}
