// `events [-w]`: the recent events, then (with -w) new ones as they happen, without a gap or a
// repeat between the two (the watch starts after the last listed sequence number).
import type { Writable } from 'node:stream';
import { status, type ServiceError } from '@grpc/grpc-js';
import type { EventMsg } from '@coxswain/shared';
import type { Api } from './connect';
import { CliError, fromStatus } from './errors';

export interface EventsOptions {
  workload?: string;
  node?: string;
  limit: number;
  watch: boolean;
  json: boolean;
}

export function eventLine(e: EventMsg): string {
  const what = [
    e.node && `node=${e.node}`,
    e.workload && `workload=${e.workload}`,
    e.replica >= 0 && e.workload && `replica=${e.replica}`,
  ]
    .filter(Boolean)
    .join(' ');
  return `${e.time}  ${e.type.padEnd(20)} ${what}${e.message ? `  ${e.message}` : ''}\n`;
}

export async function showEvents(api: Api, o: EventsOptions, out: Writable = process.stdout): Promise<void> {
  const print = (e: EventMsg) => out.write(o.json ? `${JSON.stringify(e)}\n` : eventLine(e));
  const { events } = await api.call<{ events: EventMsg[] }>('ListEvents', {
    workload: o.workload ?? '',
    node: o.node ?? '',
    limit: o.limit,
  });
  for (const e of events) print(e);
  if (!o.watch) return;
  // A stored event has seq >= 1; with none listed, "since 0" means "from now on", which is right.
  const since = events.at(-1)?.seq ?? 0;
  const stream = api.stream<EventMsg>('WatchEvents', { sinceSeq: since, workload: o.workload ?? '' });
  await new Promise<void>((resolve, reject) => {
    stream.on('data', (e: EventMsg) => {
      if (!o.node || e.node === o.node) print(e);
    });
    stream.on('error', (err: ServiceError) =>
      err.code === status.CANCELLED ? resolve() : reject(fromStatus(err, api.server)),
    );
    stream.on('end', () => reject(new CliError('the control plane ended the event stream')));
    process.once('SIGINT', () => stream.cancel());
  });
}
