// How a gRPC client verifies a control plane that it reaches by IP address, without Node's
// DEP0123 warning ("Setting the TLS ServerName to an IP address is not permitted by RFC 6066").
//
// grpc-js (1.14, channel-credentials.js, getConnectionOptions) always passes the target's host
// to tls.connect as `servername`, the SNI name, so every TLS channel to an IP literal warns.
// The one way around it is the channel option `grpc.ssl_target_name_override`: grpc-js then
// sends that name as SNI instead, and calls the checkServerIdentity of the credentials'
// verify options with the override as the host. So the override is a name that is not an
// address (and never resolves: .invalid is reserved), and our checkServerIdentity ignores the
// host it is given and verifies the certificate against the real IP address, exactly as
// Node's default check would have: a certificate that does not cover the address is refused.
// The control plane serves one certificate whatever SNI name a client sends, so the name
// itself changes nothing on the server's side.
import net from 'node:net';
import tls from 'node:tls';
import type { ChannelOptions, VerifyOptions } from '@grpc/grpc-js';

/** The SNI name sent to a control plane reached by IP address. */
export const IP_TARGET_SERVER_NAME = 'ip-address.coxswain.invalid';

export interface TlsTargetOptions {
  /** The third argument of the client's constructor. */
  channelOptions: ChannelOptions;
  /** The last argument of grpc.credentials.createSsl. */
  verifyOptions: VerifyOptions;
}

/** The host of a gRPC target "HOST:PORT", "[IPV6]:PORT", "[IPV6]" or "HOST" ("dns:" prefix allowed). */
export function targetHost(target: string): string {
  const t = target.replace(/^dns:(\/\/[^/]*\/)?/, '');
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(t);
  if (bracketed) return bracketed[1];
  // A bare IPv6 address has several colons; "host:port" has one.
  if (net.isIPv6(t)) return t;
  const colon = t.lastIndexOf(':');
  return colon < 0 ? t : t.slice(0, colon);
}

/**
 * Channel and verify options for a TLS channel to `target`: for an IP address, the name
 * override and a check against the address (see the top of this file); for a DNS name,
 * nothing (grpc-js sends and verifies the name itself).
 */
export function tlsTargetOptions(target: string): TlsTargetOptions {
  const host = targetHost(target);
  if (!net.isIP(host)) return { channelOptions: {}, verifyOptions: {} };
  return {
    channelOptions: { 'grpc.ssl_target_name_override': IP_TARGET_SERVER_NAME },
    verifyOptions: { checkServerIdentity: (_overrideName, cert) => tls.checkServerIdentity(host, cert) },
  };
}
