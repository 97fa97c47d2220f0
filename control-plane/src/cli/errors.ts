// What the CLI says when something fails: one line saying what was wrong and, where it is not
// obvious, what to do. Exit codes as kubectl's: 1 for a refused or failed request, 2 for bad usage.
import * as grpc from '@grpc/grpc-js';

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
    /** The gRPC status, when the server (or the channel) gave one. */
    readonly status?: grpc.status,
  ) {
    super(message);
  }
}

export const usageError = (message: string): CliError => new CliError(message, 2);

/** What to try for failures whose status alone does not say it. */
const HINTS: Partial<Record<grpc.status, (server: string) => string>> = {
  [grpc.status.UNAVAILABLE]: () =>
    `is a control plane running there? Check --server, the context, or --insecure against a plaintext one`,
  [grpc.status.UNAUTHENTICATED]: () => 'check the token: --token-file, the context, or the data folder',
  [grpc.status.DEADLINE_EXCEEDED]: (server) => `the control plane at ${server} did not answer in time`,
};

/** A gRPC failure as one line: the status name, the server's message, and a hint for some. */
export function fromStatus(err: grpc.ServiceError, server: string): CliError {
  const name = grpc.status[err.code] ?? String(err.code);
  let details = err.details || err.message;
  // grpc-js: "No connection established. Last error: Error: connect ECONNREFUSED ... Resolution note: "
  const lastError = /Last error: (?:Error: )?(.*?)\.?\s*(?:Resolution note:.*)?$/.exec(details);
  if (err.code === grpc.status.UNAVAILABLE && lastError) details = `cannot reach ${server}: ${lastError[1]}`;
  // A server's own UNAVAILABLE (say, a node that is not connected) says enough by itself.
  const hint =
    err.code === grpc.status.UNAVAILABLE && !lastError ? undefined : HINTS[err.code as grpc.status]?.(server);
  return new CliError(`${name}: ${details}${hint ? ` (${hint})` : ''}`, 1, err.code);
}
