// Samples a condition on a fixed period in the background, so a test can assert on everything that
// happened during a failover rather than only on its end state.
import { sleep } from '../hosts';

export interface Sample<T> {
  /** When the probe finished: everything it saw was so at some moment up to then. */
  at: number;
  value: T;
}

export class Sampler<T> {
  readonly samples: Sample<T>[] = [];
  /** Probes that failed (e.g. an engine killed mid-call), when and why. */
  readonly errors: Sample<string>[] = [];
  private stopped = false;
  private readonly done: Promise<void>;

  /** Samples every `everyMs` until stop() or `maxMs`, whichever comes first. */
  constructor(probe: () => Promise<T>, everyMs = 200, maxMs = 120_000) {
    const deadline = Date.now() + maxMs;
    this.done = (async () => {
      while (!this.stopped && Date.now() < deadline) {
        const started = Date.now();
        try {
          const value = await probe();
          this.samples.push({ at: Date.now(), value });
        } catch (err) {
          this.errors.push({ at: Date.now(), value: (err as Error).message });
        }
        await sleep(Math.max(0, started + everyMs - Date.now()));
      }
    })();
  }

  async stop(): Promise<Sample<T>[]> {
    this.stopped = true;
    await this.done;
    return this.samples;
  }

  since(at: number): Sample<T>[] {
    return this.samples.filter((s) => s.at >= at);
  }
}
