import Docker from 'dockerode';

/** dockerode options for a DOCKER_HOST-style URL (unix:///path, tcp://host:port, http://host:port). */
export function dockerOptions(url: string): Docker.DockerOptions {
  if (url.startsWith('unix://')) {
    const socketPath = url.slice('unix://'.length);
    if (!socketPath.startsWith('/')) throw new Error(`docker host ${url}: the socket path must be absolute`);
    return { socketPath };
  }
  const m = /^(tcp|http):\/\/(\[[^\]]+\]|[^:/]+)(?::(\d+))?\/?$/.exec(url);
  if (!m) throw new Error(`docker host ${url}: expected unix:///PATH or tcp://HOST:PORT`);
  return { protocol: 'http', host: m[2].replace(/^\[|\]$/g, ''), port: m[3] ? Number(m[3]) : 2375 };
}

export function connectDocker(url: string): Docker {
  return new Docker(dockerOptions(url));
}

/** dockerode errors carry the HTTP status of the engine's answer. */
export function statusOf(err: unknown): number | undefined {
  const code = (err as { statusCode?: unknown })?.statusCode;
  return typeof code === 'number' ? code : undefined;
}

/** The engine's own message ("No such image: ...") rather than dockerode's wrapper text. */
export function dockerMessage(err: unknown): string {
  const e = err as { json?: { message?: string } | string; message?: string; name?: string };
  if (e?.name === 'AbortError') return 'the engine did not answer in time';
  if (e?.name === 'TimeoutError') return e.message ?? 'the engine did not answer in time';
  if (e?.json && typeof e.json === 'object' && e.json.message) return e.json.message;
  const text = e?.message ?? String(err);
  // "(HTTP code 500) server error - <engine's message>": keep the engine's part.
  return text.replace(/^\(HTTP code \d+\) [^-]*- /, '').trim();
}

/**
 * A request/response call that takes longer than this is given up: long enough for an engine
 * under load, short enough that a frozen one (which accepts connections and never answers) does
 * not hold a command, a report or the lease keeper for long.
 */
export const CALL_TIMEOUT_MS = 10_000;

/** Per-call dockerode options that abort the request after `ms`. Streams get none. */
export function within(ms: number = CALL_TIMEOUT_MS): { abortSignal: AbortSignal } {
  return { abortSignal: AbortSignal.timeout(ms) };
}

const GONE_CODES = new Set(['ENOENT', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE']);

/**
 * The engine did not answer: the call timed out, or nothing listens on its socket. A stop then
 * has to reach the container some other way (its cgroup); any other error is the engine's answer.
 */
export function engineUnresponsive(err: unknown): boolean {
  const e = err as { name?: string; code?: string; cause?: unknown } | undefined;
  if (!e) return false;
  if (e.name === 'AbortError' || e.name === 'TimeoutError' || (e.code && GONE_CODES.has(e.code))) return true;
  return e.cause !== undefined && e.cause !== err && engineUnresponsive(e.cause);
}

/**
 * For the few dockerode calls that take no abort signal: the answer, or an error named
 * TimeoutError after `ms` (the request itself is left to finish or fail on its own).
 */
export function answerWithin<T>(call: Promise<T>, ms: number = CALL_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new Error(`the engine did not answer within ${ms} ms`);
      err.name = 'TimeoutError';
      reject(err);
    }, ms);
  });
  return Promise.race([call, late]).finally(() => clearTimeout(timer));
}

/** GET /_ping, aborted through `signal`. (dockerode takes the option; its typings do not say so.) */
export function pingEngine(docker: Docker, signal: AbortSignal): Promise<unknown> {
  const ping = docker.ping as unknown as (this: Docker, opts: { abortSignal: AbortSignal }) => Promise<unknown>;
  return ping.call(docker, { abortSignal: signal });
}
