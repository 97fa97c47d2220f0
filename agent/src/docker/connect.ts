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
  const e = err as { json?: { message?: string } | string; message?: string };
  if (e?.json && typeof e.json === 'object' && e.json.message) return e.json.message;
  const text = e?.message ?? String(err);
  // "(HTTP code 500) server error - <engine's message>": keep the engine's part.
  return text.replace(/^\(HTTP code \d+\) [^-]*- /, '').trim();
}
