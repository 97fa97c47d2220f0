// The requests that open a log or exec session on a replica: pure, every error naming its field.
import type { ExecRequest, StreamLogsRequest } from '@coxswain/shared';
import { validateCommand, validateName, ValidationError } from './validate';

/** A terminal size is 16 bits per side (TIOCSWINSZ). */
const MAX_TERMINAL_SIDE = 65_535;

export interface ReplicaRef {
  name: string;
  replica: number;
}

export function validateReplicaId(n: unknown, field = 'replica'): number {
  if (typeof n !== 'number' || !Number.isInteger(n)) throw new ValidationError(field, 'must be an integer');
  if (n < 0) throw new ValidationError(field, `must not be negative (got ${n})`);
  return n;
}

export function validateStreamLogs(req: StreamLogsRequest): ReplicaRef & { follow: boolean; tail: number } {
  const tail = req.tail ?? 0;
  if (!Number.isInteger(tail) || tail < 0) throw new ValidationError('tail', `must not be negative (got ${tail})`);
  return { name: validateName(req.name), replica: validateReplicaId(req.replica), follow: !!req.follow, tail };
}

/** The first message of an Exec call: it names the replica and the command. */
export function validateExecStart(req: ExecRequest): ExecRequest {
  const name = validateName(req.name);
  const replica = validateReplicaId(req.replica);
  const command = req.command ?? [];
  if (command.length === 0 || command[0] === '')
    throw new ValidationError('command', 'is required in the first message (the program and its arguments)');
  validateCommand(command);
  for (const side of ['rows', 'cols'] as const) {
    const v = req[side] ?? 0;
    if (!Number.isInteger(v) || v < 0 || v > MAX_TERMINAL_SIDE)
      throw new ValidationError(side, `must be between 0 and ${MAX_TERMINAL_SIDE} (got ${v})`);
  }
  return {
    name,
    replica,
    command: [...command],
    tty: !!req.tty,
    stdin: req.stdin ?? Buffer.alloc(0),
    stdinEof: !!req.stdinEof,
    rows: req.rows ?? 0,
    cols: req.cols ?? 0,
  };
}
