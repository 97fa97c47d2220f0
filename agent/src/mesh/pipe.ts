// Joining an accepted client to its endpoint both ways, with half-close, counting bytes at close.
import type net from 'node:net';

/** Calls `closed` once, when both sockets are gone, with the bytes each way. */
export function joinSockets(
  client: net.Socket,
  upstream: net.Socket,
  closed: (bytesIn: number, bytesOut: number) => void,
): void {
  client.setNoDelay(true);
  upstream.setNoDelay(true);
  let open = 2;
  const onClose = () => {
    if (--open === 0) closed(upstream.bytesWritten, client.bytesWritten);
  };
  const fail = () => {
    client.destroy();
    upstream.destroy();
  };
  client.on('error', fail);
  upstream.on('error', fail);
  client.on('close', onClose);
  upstream.on('close', onClose);
  // pipe() ends the destination when the source ends: that is the half-close, passed on.
  client.pipe(upstream);
  upstream.pipe(client);
  client.resume();
}
