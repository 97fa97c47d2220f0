import { parseArgs } from 'node:util';

export interface FlagSpec {
  /** Flag name without dashes, kebab-case, e.g. "node-timeout". */
  name: string;
  help: string;
  default?: string;
  /** A flag that takes no value (`--insecure`). */
  boolean?: boolean;
  required?: boolean;
  /**
   * May be given more than once; each value may also be a comma-separated list (as the
   * environment variable always is). The value is then a string[].
   */
  repeatable?: boolean;
}

export type FlagValues = Record<string, string | string[] | boolean | undefined>;

const splitList = (values: string[]): string[] =>
  values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');

/** `--node-timeout` reads `COXSWAIN_NODE_TIMEOUT` when not given on the command line. */
export function envName(flag: string): string {
  return 'COXSWAIN_' + flag.replace(/-/g, '_').toUpperCase();
}

export function usage(program: string, specs: FlagSpec[]): string {
  const lines = [`Usage: ${program} [flags]`, '', 'Flags (each also read from the environment variable shown):'];
  for (const s of specs) {
    const arg = s.boolean ? '' : s.repeatable ? ' VALUE...' : ' VALUE';
    const def = s.default !== undefined ? ` (default ${s.default})` : s.required ? ' (required)' : '';
    lines.push(`  --${s.name}${arg}`.padEnd(34) + ` ${s.help}${def} [${envName(s.name)}]`);
  }
  lines.push(`  --help`.padEnd(34) + ' show this help');
  return lines.join('\n');
}

export class FlagError extends Error {}

/** Parses flags, falling back to environment variables, then defaults. Throws FlagError. */
export function parseFlags(
  specs: FlagSpec[],
  argv: string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
): FlagValues & { help?: boolean } {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = { help: { type: 'boolean' } };
  for (const s of specs) options[s.name] = { type: s.boolean ? 'boolean' : 'string', multiple: !!s.repeatable };
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: false });
  } catch (err) {
    throw new FlagError((err as Error).message);
  }
  const out: FlagValues & { help?: boolean } = { help: parsed.values.help as boolean | undefined };
  for (const s of specs) {
    let v = parsed.values[s.name] as string | string[] | boolean | undefined;
    if (v === undefined) {
      const e = env[envName(s.name)];
      if (e !== undefined && e !== '') v = s.boolean ? !/^(0|false|no)$/i.test(e) : s.repeatable ? [e] : e;
    }
    if (s.repeatable) v = splitList((v as string[] | undefined) ?? (s.default !== undefined ? [s.default] : []));
    if (v === undefined) v = s.boolean ? false : s.default;
    if (v === undefined && s.required && !out.help) {
      throw new FlagError(`--${s.name} is required (or set ${envName(s.name)})`);
    }
    out[s.name] = v;
  }
  return out;
}
