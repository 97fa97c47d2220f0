// What both ends of a relayed session agree on (AgentGateway.Relay): message sizes and how the
// bytes a session holds are counted, so that the agent's and the control plane's figures compare.
import type { LogLine } from './types';

/** The most payload per relayed message: stdout, stderr and stdin chunks, a batch of log lines. */
export const RELAY_CHUNK_BYTES = 32 * 1024;

/** Longer log lines are split: one line can never hold more than this in memory or in a message. */
export const MAX_LOG_LINE_BYTES = 16 * 1024;

/** Log and exec sessions a node runs at once; more are RESOURCE_EXHAUSTED. */
export const MAX_SESSIONS_PER_NODE = 16;

/** What a log line costs in a message: its text, its stream and its time (UTF-8). */
export function logLineBytes(l: LogLine): number {
  return Buffer.byteLength(l.line) + l.stream.length + l.time.length;
}
