import type * as grpc from '@grpc/grpc-js';

/** A refusal with its gRPC status, the message naming what is wrong. */
export class ApiError extends Error {
  constructor(
    readonly code: grpc.status,
    message: string,
  ) {
    super(message);
  }
}
