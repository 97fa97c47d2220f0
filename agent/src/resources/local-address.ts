// The address this host uses towards the control plane: what its replicas are reached at unless
// --advertise-address says otherwise. A connected UDP socket asks the kernel's routing for the
// source address without sending anything.
import dgram from 'node:dgram';
import dns from 'node:dns/promises';
import type { Logger } from '@coxswain/shared';

/** "HOST:PORT" or "[V6]:PORT" -> host and port. */
function splitTarget(target: string): { host: string; port: number } {
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(target.replace(/^dns:\/*/, ''));
  return m ? { host: m[1], port: Number(m[2]) } : { host: target, port: 9 };
}

/** The local address of a route to `target`; "" when there is none (the control plane then uses the stream's). */
export async function localAddressTowards(target: string, log: Logger): Promise<string> {
  const { host, port } = splitTarget(target);
  try {
    const { address, family } = await dns.lookup(host);
    const socket = dgram.createSocket(family === 6 ? 'udp6' : 'udp4');
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.connect(port, address, () => resolve());
      });
      return socket.address().address;
    } finally {
      socket.close();
    }
  } catch (err) {
    log.warn({ err: (err as Error).message, target }, 'cannot tell the local address towards the control plane');
    return '';
  }
}
