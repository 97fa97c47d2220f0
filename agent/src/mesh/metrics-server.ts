// GET /metrics on --metrics-listen. A bind failure is logged, never fatal: metrics are optional.
import http from 'node:http';
import type { Logger } from '@coxswain/shared';
import type { Registry } from 'prom-client';

export function serveMetrics(
  registry: Registry,
  listen: { host: string; port: number },
  logger: Logger,
): { close(): void; server: http.Server } {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    registry.metrics().then(
      (body) => res.writeHead(200, { 'content-type': registry.contentType }).end(body),
      (err: Error) => res.writeHead(500).end(err.message),
    );
  });
  server.on('error', (err) => logger.error({ err: err.message, ...listen }, 'cannot serve metrics'));
  server.on('clientError', (_err, socket) => socket.destroy());
  server.listen(listen.port, listen.host, () => logger.info(listen, 'serving metrics'));
  return { server, close: () => server.close() };
}
