// What every validator shares: the error that names its field, the size limits, and the argv
// check (a workload's command and an exec check's command are the same kind of thing).

export class ValidationError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

export const LIMITS = {
  replicas: 1000,
  commandArgs: 256,
  commandBytes: 64 * 1024,
  envEntries: 256,
  envValueBytes: 32 * 1024,
  labelEntries: 64,
  labelKeyBytes: 253,
  labelValueBytes: 256,
  constraints: 32,
  constraintBytes: 512,
  imageBytes: 512,
  cpuMillis: 1_024_000,
  memoryBytes: 2 ** 50,
  /** Docker refuses containers with less memory than this. */
  minMemoryBytes: 6 * 1024 * 1024,
};

/** An argv: bounded in count and size, no NUL bytes (the engine would cut the argument there). */
export function validateCommand(command: string[], field = 'command'): string[] {
  if (command.length > LIMITS.commandArgs) throw new ValidationError(field, `at most ${LIMITS.commandArgs} arguments`);
  const commandBytes = command.reduce((n, a) => n + Buffer.byteLength(a), 0);
  if (commandBytes > LIMITS.commandBytes) throw new ValidationError(field, `longer than ${LIMITS.commandBytes} bytes`);
  command.forEach((a, i) => {
    if (a.includes('\0')) throw new ValidationError(`${field}[${i}]`, 'contains a NUL byte');
  });
  return command;
}
