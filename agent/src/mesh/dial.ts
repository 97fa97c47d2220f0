// Opening a connection to one endpoint within a timeout, as a value: the socket or why not.
import net from 'node:net';

/** `timedOut`: no answer at all, which an endpoint whose accept queue is full also gives. */
export type DialResult = { ok: true; socket: net.Socket } | { ok: false; error: string; timedOut?: boolean };
export type Dial = (address: string, port: number, timeoutMs: number) => Promise<DialResult>;

export const dialTcp: Dial = (address, port, timeoutMs) =>
  new Promise((resolve) => {
    const socket = net.connect({ host: address, port, allowHalfOpen: true });
    let settled = false;
    const done = (r: DialResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.removeListener('connect', onConnect);
      resolve(r);
    };
    const onConnect = () => done({ ok: true, socket });
    const timer = setTimeout(() => {
      socket.destroy();
      done({ ok: false, error: 'connect timed out', timedOut: true });
    }, timeoutMs);
    socket.once('connect', onConnect);
    socket.on('error', (err) => {
      socket.destroy();
      done({ ok: false, error: err.message });
    });
  });
