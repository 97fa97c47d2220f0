// The wrapper every unary handler of the user API goes through.
import * as grpc from '@grpc/grpc-js';
import type { Logger } from '@coxswain/shared';
import { unwritableFile } from '../security';
import { StoreUnavailableError } from '../store';
import { ValidationError } from '../validation';
import { ApiError } from './api-error';

/** A call that took this long from its arrival to its answer is logged (the wait for a pass included). */
const SLOW_CALL_MS = 100;

type Unary<Req, Res> = (call: grpc.ServerUnaryCall<Req, Res>, cb: grpc.sendUnaryData<Res>) => void;

/**
 * Wraps a handler: validation errors become INVALID_ARGUMENT, a store that cannot write (disk
 * full) UNAVAILABLE with the reason (the store logs the outage once, so no line per refusal), the
 * rest INTERNAL; never a crash.
 */
export function unary<Req, Res>(log: Logger, method: string, fn: (req: Req) => Res | Promise<Res>): Unary<Req, Res> {
  return (call, cb) => {
    const fail = (err: unknown) => {
      if (err instanceof ValidationError) return cb({ code: grpc.status.INVALID_ARGUMENT, details: err.message });
      if (err instanceof ApiError) return cb({ code: err.code, details: err.message });
      if (err instanceof StoreUnavailableError) return cb({ code: grpc.status.UNAVAILABLE, details: err.message });
      // The secrets beside the database (a rotated join token, the revocation list) share its disk.
      const disk = unwritableFile(err);
      if (disk) return cb({ code: grpc.status.UNAVAILABLE, details: disk });
      log.error({ err, method }, 'request failed');
      cb({ code: grpc.status.INTERNAL, details: `${method}: ${(err as Error).message}` });
    };
    const started = Date.now();
    const answer = (res: Res) => {
      const ms = Date.now() - started;
      if (ms >= SLOW_CALL_MS) log.info({ method, ms }, 'slow call');
      cb(null, res);
    };
    try {
      Promise.resolve(fn(call.request)).then(answer, fail);
    } catch (err) {
      fail(err);
    }
  };
}
