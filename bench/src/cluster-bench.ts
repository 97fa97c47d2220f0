// Running a benchmark on a cluster of test hosts: the hosts are stopped however the run ends
// (finished, failed, interrupted, or past its deadline), and the exit code tells which:
// 0 every target met, 1 a target missed, 2 the bench itself failed.
import type { E2E } from '@coxswain/test';

export function runClusterBench(opts: {
  name: string;
  deadlineMs: number;
  start: () => Promise<E2E>;
  /** Resolves true when every target was met. */
  body: (e2e: E2E) => Promise<boolean>;
}): void {
  let e2e: E2E | undefined;
  let stopping = false;
  const cleanup = async () => {
    if (stopping) return;
    stopping = true;
    await e2e?.stop().catch((err: Error) => console.error(`cleanup: ${err.message}`));
  };
  const abort = (why: string) => {
    console.error(why);
    void cleanup().then(() => process.exit(2));
  };
  process.once('SIGINT', () => abort('interrupted; cleaning up'));
  process.once('SIGTERM', () => abort('terminated; cleaning up'));
  const deadline = setTimeout(
    () => abort(`gave up after ${opts.deadlineMs / 60_000} minutes; cleaning up`),
    opts.deadlineMs,
  );
  deadline.unref();
  const run = async (): Promise<number> => {
    try {
      e2e = await opts.start();
      return (await opts.body(e2e)) ? 0 : 1;
    } finally {
      clearTimeout(deadline);
      await cleanup();
    }
  };
  run().then(
    (code) => process.exit(code),
    (err: Error) => {
      console.error(`${opts.name} bench failed: ${err.stack ?? err.message}`);
      process.exit(2);
    },
  );
}

/** A bad argument ends the bench with its message and exit code 2, before any host starts. */
export function argsOrExit<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
}
