// Contexts: named control planes with their CA and token, kept in ~/.coxswain/config (YAML), as
// kubectl keeps clusters in ~/.kube/config. A flag or COXSWAIN_* variable overrides the context.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { CliError, usageError } from './errors';
import type { ConnectOptions } from './connect';

export interface Context {
  name: string;
  server?: string;
  caFile?: string;
  tokenFile?: string;
  dataDir?: string;
  insecure?: boolean;
}

export interface CliConfig {
  currentContext?: string;
  contexts: Context[];
}

const CONTEXT_KEYS = new Set(['name', 'server', 'caFile', 'tokenFile', 'dataDir', 'insecure']);

/** `COXSWAIN_CONFIG`, else `~/.coxswain/config`. */
export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.COXSWAIN_CONFIG || path.join(os.homedir(), '.coxswain', 'config');
}

export function loadConfig(file: string): CliConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { contexts: [] };
    throw new CliError(`cannot read ${file}: ${(err as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = YAML.parse(text) ?? {};
  } catch (err) {
    throw new CliError(`${file}: not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  const bad = (what: string) => new CliError(`${file}: ${what} (fix or remove the file)`);
  if (typeof doc !== 'object' || Array.isArray(doc)) throw bad('expected a mapping with "contexts"');
  const { currentContext, contexts = [] } = doc as { currentContext?: unknown; contexts?: unknown };
  if (currentContext !== undefined && typeof currentContext !== 'string') throw bad('currentContext: not a string');
  if (!Array.isArray(contexts)) throw bad('contexts: not a list');
  for (const [i, c] of contexts.entries()) {
    if (typeof c !== 'object' || c === null || typeof (c as Context).name !== 'string')
      throw bad(`contexts[${i}]: needs a name`);
    for (const key of Object.keys(c)) if (!CONTEXT_KEYS.has(key)) throw bad(`contexts[${i}]: unknown field "${key}"`);
  }
  return { currentContext, contexts: contexts as Context[] };
}

export function saveConfig(file: string, config: CliConfig): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, YAML.stringify(config), { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/** Adds or updates a context; paths are stored absolute, so the context works from any folder. */
export function setContext(config: CliConfig, update: Context): CliConfig {
  const abs = (p?: string) => (p === undefined ? undefined : path.resolve(p));
  const clean = Object.fromEntries(
    Object.entries({
      ...update,
      caFile: abs(update.caFile),
      tokenFile: abs(update.tokenFile),
      dataDir: abs(update.dataDir),
    }).filter(([, v]) => v !== undefined),
  ) as Partial<Context>;
  const others = config.contexts.filter((c) => c.name !== update.name);
  const before = config.contexts.find((c) => c.name === update.name);
  return {
    currentContext: config.currentContext ?? update.name,
    contexts: [...others, { ...before, ...clean, name: update.name }].sort((a, b) => a.name.localeCompare(b.name)),
  };
}

export function useContext(config: CliConfig, name: string, file: string): CliConfig {
  if (!config.contexts.some((c) => c.name === name))
    throw usageError(
      `no context "${name}" in ${file} (create it with: coxswain config set-context ${name} --server ...)`,
    );
  return { ...config, currentContext: name };
}

/** The connection flags as given; undefined where neither a flag nor its variable set it. */
export interface ConnectionFlags {
  server?: string;
  dataDir?: string;
  caFile?: string;
  tokenFile?: string;
  insecure?: boolean;
  context?: string;
}

export const DEFAULT_SERVER = '127.0.0.1:7070';
export const DEFAULT_DATA_DIR = './data';

/** Flags (and their variables) first, then the chosen context, then the defaults. */
export function resolveConnection(flags: ConnectionFlags, config: CliConfig, file: string): ConnectOptions {
  const name = flags.context ?? config.currentContext;
  const ctx = name === undefined ? undefined : config.contexts.find((c) => c.name === name);
  if (name !== undefined && !ctx && flags.context !== undefined)
    throw usageError(`no context "${name}" in ${file} (coxswain config get-contexts lists them)`);
  // A data folder given now outranks files the context names: they would come from another one.
  const fromCtx = flags.dataDir === undefined ? ctx : undefined;
  return {
    server: flags.server ?? ctx?.server ?? DEFAULT_SERVER,
    dataDir: flags.dataDir ?? ctx?.dataDir ?? DEFAULT_DATA_DIR,
    caFile: flags.caFile ?? fromCtx?.caFile,
    tokenFile: flags.tokenFile ?? fromCtx?.tokenFile,
    insecure: flags.insecure ?? ctx?.insecure ?? false,
  };
}
