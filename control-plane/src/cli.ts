#!/usr/bin/env node
// coxswain: the operator CLI (kubectl's habits). `coxswain --help` lists the commands; the
// command tree is cli/program.ts.
import { CommanderError } from 'commander';
import { buildProgram, CliError } from './cli/index';

/** Global flags that take a value, so that their value is not taken for the command. */
const VALUE_FLAGS = /^--(server|data-dir|ca-file|token-file|context)$/;

function die(message: string, code: number): void {
  process.stderr.write(`coxswain: ${message.trimEnd()}\n`);
  process.exitCode = code;
}

async function main(argv: string[]): Promise<void> {
  const at = argv.findIndex((a, i) => !a.startsWith('-') && !(i > 0 && VALUE_FLAGS.test(argv[i - 1])));
  if (argv[at] === 'simulate' && !argv.slice(at + 1).includes('--help')) {
    // The simulator reads its own flags and runs when its module loads, as the program of its own does.
    process.argv = [process.argv[0], process.argv[1], ...argv.slice(at + 1)];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('./simulate');
    return;
  }
  const program = buildProgram({
    out: (s) => void process.stdout.write(s),
    err: (s) => void process.stderr.write(s),
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are not errors; a usage error was printed by commander already.
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    if (err instanceof CliError) return die(err.message, err.exitCode);
    die((err as Error).message, 1);
  }
}

void main(process.argv.slice(2));
