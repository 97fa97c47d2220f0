// A real third-party gRPC client for tests: `buf curl` over server reflection, no .proto given.
import { execFile } from 'node:child_process';
import path from 'node:path';

const BUF = path.join(path.dirname(require.resolve('@bufbuild/buf/package.json')), 'bin', 'buf');

export interface BufResult {
  ok: boolean;
  /** The decoded answer on success (for a server stream: the messages, in order). */
  json: any;
  /** grpc status in buf's lower-snake form ("invalid_argument") on failure. */
  code?: string;
  message?: string;
  stderr: string;
}

export interface BufOptions {
  timeoutMs?: number;
  /** Server-streaming calls: stop after this long and return what arrived. */
  streamForMs?: number;
  headers?: Record<string, string>;
  /**
   * Speak TLS verified with this CA file (https:// targets) and, when given, send the admin
   * token as a bearer header, to reflection as well. Without it: plaintext HTTP/2.
   */
  tls?: TlsOptions;
}

export interface TlsOptions {
  caFile: string;
  token?: string;
}

/** Transport and authentication arguments, and the URL scheme that goes with them. */
function connectArgs(tls: TlsOptions | undefined): { args: string[]; scheme: string } {
  if (!tls) return { args: ['--http2-prior-knowledge'], scheme: 'http' };
  const args = ['--cacert', tls.caFile];
  // buf curl keeps -H headers off reflection requests unless told to copy them.
  if (tls.token !== undefined) args.push('-H', `authorization: Bearer ${tls.token}`, '--reflect-header', '*');
  return { args, scheme: 'https' };
}

/** Splits buf's output of concatenated pretty-printed JSON objects. */
function parseObjects(text: string): any[] {
  const out: any[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{') {
      if (depth++ === 0) start = i;
    } else if (ch === '}' && --depth === 0) out.push(JSON.parse(text.slice(start, i + 1)));
  }
  return out;
}

/** Calls `service/method` on the gRPC server at `target` (host:port). */
export function bufCurl(target: string, method: string, body: unknown = {}, opts: BufOptions = {}): Promise<BufResult> {
  const conn = connectArgs(opts.tls);
  const args = ['curl', '--protocol', 'grpc', ...conn.args, '-d', JSON.stringify(body)];
  for (const [k, v] of Object.entries(opts.headers ?? {})) args.push('-H', `${k}: ${v}`);
  if (opts.streamForMs) args.push('--timeout', `${opts.streamForMs / 1000}s`);
  args.push(`${conn.scheme}://${target}/${method}`);
  return new Promise((resolve) => {
    execFile(BUF, args, { timeout: opts.timeoutMs ?? 30_000, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const objects = parseObjects(stdout);
      if (!err) return resolve({ ok: true, json: opts.streamForMs ? objects : (objects[0] ?? {}), stderr });
      const errors = parseObjects(stderr);
      const e = errors[errors.length - 1] ?? {};
      resolve({
        ok: false,
        json: opts.streamForMs ? objects : undefined,
        code: e.code ?? 'unknown',
        message: e.message ?? stderr.trim(),
        stderr,
      });
    });
  });
}

export function bufListMethods(target: string, tls?: TlsOptions): Promise<string[]> {
  const conn = connectArgs(tls);
  return new Promise((resolve, reject) => {
    execFile(
      BUF,
      ['curl', '--protocol', 'grpc', ...conn.args, '--list-methods', `${conn.scheme}://${target}`],
      { timeout: 30_000 },
      (err, stdout, stderr) =>
        err
          ? reject(new Error(`buf curl --list-methods: ${stderr || err.message}`))
          : resolve(stdout.split('\n').filter(Boolean)),
    );
  });
}

export const CP = 'coxswain.v1.ControlPlane';
