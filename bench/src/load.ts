// An HTTP load generator for availability measurements: every request on a new TCP connection (no
// keep-alive, so each one goes through the mesh's accept and dial), a per-request timeout, and a
// record per request of when it was sent, how long it took and how it ended. The open loop sends
// on a fixed schedule of absolute times, so a slow answer never slows the rate; the closed loop
// keeps a fixed number in flight, to measure throughput at saturation.
import http from 'node:http';

export type Outcome = 'ok' | 'timeout' | 'reset' | 'refused' | 'status' | 'overflow' | 'error';

export interface RequestRecord {
  /** When the request was sent (ms since the epoch); for an overflow, when it was due. */
  sentAt: number;
  latencyMs: number;
  outcome: Outcome;
  /** The HTTP status, when one arrived. */
  status?: number;
  /** The error code or message of a failed request. */
  detail?: string;
}

export interface Target {
  host: string;
  port: number;
  path?: string;
  /** Per request; default 2 s. */
  timeoutMs?: number;
  /** The client's source address; default: the kernel's choice. */
  localAddress?: string;
}

/** One GET on a fresh connection; never rejects. */
export function oneRequest(target: Target): Promise<RequestRecord> {
  const sentAt = Date.now();
  const started = performance.now();
  return new Promise((resolve) => {
    let done = false;
    const finish = (outcome: Outcome, status?: number, detail?: string) => {
      if (done) return;
      done = true;
      resolve({ sentAt, latencyMs: performance.now() - started, outcome, status, detail });
    };
    const req = http.get(
      {
        host: target.host,
        port: target.port,
        localAddress: target.localAddress,
        path: target.path ?? '/',
        agent: false,
        headers: { connection: 'close' },
      },
      (res) => {
        res.on('error', (err: NodeJS.ErrnoException) => finish(classify(err), res.statusCode, err.code ?? err.message));
        res.on('end', () => {
          const s = res.statusCode ?? 0;
          finish(s >= 200 && s < 300 ? 'ok' : 'status', s, s >= 200 && s < 300 ? undefined : `HTTP ${s}`);
        });
        res.resume();
      },
    );
    const timer = setTimeout(() => {
      finish('timeout', undefined, `no answer in ${target.timeoutMs ?? 2000} ms`);
      req.destroy();
    }, target.timeoutMs ?? 2000);
    req.on('error', (err: NodeJS.ErrnoException) => finish(classify(err), undefined, err.code ?? err.message));
    req.on('close', () => clearTimeout(timer));
  });
}

function classify(err: NodeJS.ErrnoException): Outcome {
  if (err.code === 'ECONNREFUSED') return 'refused';
  if (err.code === 'ECONNRESET' || err.code === 'EPIPE') return 'reset';
  if (err.code === 'ETIMEDOUT') return 'timeout';
  return 'error';
}

export interface OpenLoopOptions extends Target {
  /** Requests per second; default 200. */
  rate?: number;
  durationMs: number;
  /** Stops after this many sends even within the duration. */
  maxCount?: number;
  /** A request due while this many are in flight is not sent and counts as failed; default 500. */
  maxInFlight?: number;
  /** Stops early when it returns true (checked before every send). */
  stop?: () => boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** Fixed rate, scheduled by absolute send times; resolves once every request has ended. */
export async function openLoop(opts: OpenLoopOptions): Promise<RequestRecord[]> {
  const rate = opts.rate ?? 200;
  const maxInFlight = opts.maxInFlight ?? 500;
  const interval = 1000 / rate;
  const count = Math.min(opts.maxCount ?? Infinity, Math.floor((opts.durationMs / 1000) * rate));
  const start = Date.now();
  const records: RequestRecord[] = [];
  const pending: Promise<void>[] = [];
  let inFlight = 0;
  for (let i = 0; i < count; i++) {
    if (opts.stop?.()) break;
    const due = start + i * interval;
    await sleep(due - Date.now());
    if (inFlight >= maxInFlight) {
      records.push({ sentAt: due, latencyMs: 0, outcome: 'overflow', detail: `${inFlight} in flight` });
      continue;
    }
    inFlight++;
    pending.push(
      oneRequest(opts).then((r) => {
        inFlight--;
        records.push(r);
      }),
    );
  }
  await Promise.all(pending);
  return records.sort((a, b) => a.sentAt - b.sentAt);
}

export interface ClosedLoopOptions extends Target {
  concurrency: number;
  durationMs: number;
  /** Upper bound on requests in all, whatever the duration. */
  maxCount?: number;
}

/** `concurrency` workers, each sending its next request as soon as the last one ended. */
export async function closedLoop(opts: ClosedLoopOptions): Promise<RequestRecord[]> {
  const end = Date.now() + opts.durationMs;
  const maxCount = opts.maxCount ?? 1_000_000;
  const records: RequestRecord[] = [];
  let sent = 0;
  const worker = async () => {
    while (Date.now() < end && sent < maxCount) {
      sent++;
      records.push(await oneRequest(opts));
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  return records;
}

export interface Summary {
  sent: number;
  ok: number;
  failed: number;
  /** Failures by outcome. */
  byKind: Partial<Record<Outcome, number>>;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Nearest-rank percentile; 0 for no values. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** Latencies over every request that was sent (a timeout counts as its full wait). */
export function summarize(records: RequestRecord[]): Summary {
  const byKind: Partial<Record<Outcome, number>> = {};
  let ok = 0;
  for (const r of records) {
    if (r.outcome === 'ok') ok++;
    else byKind[r.outcome] = (byKind[r.outcome] ?? 0) + 1;
  }
  const latencies = records.filter((r) => r.outcome !== 'overflow').map((r) => r.latencyMs);
  return {
    sent: records.length,
    ok,
    failed: records.length - ok,
    byKind,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies.length ? Math.max(...latencies) : 0,
  };
}
