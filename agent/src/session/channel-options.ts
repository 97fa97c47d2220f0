// How the agent's channel to the control plane's gateway is set up and how long it waits on it.
import type * as grpc from '@grpc/grpc-js';

/**
 * The longest wait between reconnect attempts. A healed host must be back on the line at once:
 * its stale copies are stopped only when its agent is heard from again, and a control plane that
 * restarted must hear every agent within the fresh lease it gives them. With the jitter of
 * Backoff the fleet's attempts spread over 0.5 to 1 s.
 */
export const RECONNECT_MAX_MS = 1000;

/** How long a registration may go unanswered before the stream is given up (see SilenceWatch). */
export const REGISTRATION_WAIT_MS = 10_000;

/**
 * The options of the agent's channel to the gateway, on top of those of its identity. Exported so
 * that the scale bench's simulated agents load the control plane as agents do.
 */
export function gatewayChannelOptions(
  base: grpc.ChannelOptions = {},
  backoff: { initialMs?: number; maxMs?: number } = {},
): grpc.ChannelOptions {
  return {
    ...base,
    // No HTTP/2 keepalive pings: the heartbeats' answers show the path works (see SilenceWatch).
    // A channel of its own, so that giving up a dead path closes its connection: a new channel
    // would otherwise be handed the same one from the process-wide pool.
    'grpc.use_local_subchannel_pool': 1,
    // The channel's own reconnect backoff would otherwise grow to minutes and override ours.
    'grpc.initial_reconnect_backoff_ms': backoff.initialMs ?? 200,
    'grpc.max_reconnect_backoff_ms': backoff.maxMs ?? RECONNECT_MAX_MS,
    // grpc-js completes a write at once while the call's retry buffer has room (1 MiB by
    // default), before the message is sent: a relayed session's flow control would only start
    // after a megabyte. Nothing here is retried, so the buffer is kept small.
    'grpc.per_rpc_retry_buffer_size': 64 * 1024,
  };
}
