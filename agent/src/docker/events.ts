import type Docker from 'dockerode';
import { LABEL_WORKLOAD, type Logger } from '@coxswain/shared';

export interface ContainerEvent {
  containerId: string;
  /** Docker's action: create, start, die, kill, stop, destroy, ... */
  action: string;
  /** Event time in ms. */
  time: number;
}

export interface EventWatchOptions {
  onEvent: (event: ContainerEvent) => void;
  /**
   * Called after the stream is (re)opened: events may have been missed while it was down, so the
   * caller should take a full inventory.
   */
  onResync?: () => void;
  logger: Logger;
  /** Delay before reopening a stream that ended or failed. */
  retryMs?: number;
}

export interface EventWatch {
  close(): void;
}

/** Actions that cannot change what a report says about a container. */
const IGNORED_ACTIONS = /^(exec_|attach|commit|copy|export|top|resize|archive-path|health_status)/;

/**
 * Follows the engine's container events for Coxswain containers and reopens the stream whenever
 * it ends (engine restart, socket closed), so a long-running agent never silently goes deaf.
 */
export function watchContainerEvents(docker: Docker, opts: EventWatchOptions): EventWatch {
  const log = opts.logger;
  const retryMs = opts.retryMs ?? 1000;
  let closed = false;
  let current: NodeJS.ReadableStream | undefined;
  let timer: NodeJS.Timeout | undefined;

  const reopenLater = () => {
    current = undefined;
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void open();
    }, retryMs);
  };

  const open = async () => {
    if (closed) return;
    let stream: NodeJS.ReadableStream;
    try {
      stream = (await docker.getEvents({
        filters: { type: ['container'], label: [LABEL_WORKLOAD] },
      })) as NodeJS.ReadableStream;
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'cannot open docker events stream; retrying');
      reopenLater();
      return;
    }
    if (closed) {
      (stream as unknown as { destroy?: () => void }).destroy?.();
      return;
    }
    current = stream;
    log.debug('docker events stream open');
    let buffered = '';
    let ended = false;
    const finish = (why: string) => {
      if (ended) return;
      ended = true;
      if (!closed) log.warn({ why }, 'docker events stream ended; reopening');
      reopenLater();
    };
    stream.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl).trim();
        buffered = buffered.slice(nl + 1);
        if (line) handleLine(line);
      }
    });
    stream.on('end', () => finish('end'));
    stream.on('close', () => finish('close'));
    stream.on('error', (err: Error) => finish(err.message));
    opts.onResync?.();
  };

  const handleLine = (line: string) => {
    let ev: {
      Type?: string;
      Action?: string;
      status?: string;
      id?: string;
      Actor?: { ID?: string };
      timeNano?: number;
      time?: number;
    };
    try {
      ev = JSON.parse(line);
    } catch {
      log.warn({ line: line.slice(0, 200) }, 'unparseable docker event');
      return;
    }
    const action = ev.Action ?? ev.status ?? '';
    const id = ev.Actor?.ID ?? ev.id;
    if (!id || IGNORED_ACTIONS.test(action)) return;
    const time = ev.timeNano ? Math.floor(ev.timeNano / 1e6) : (ev.time ?? 0) * 1000;
    opts.onEvent({ containerId: id, action, time });
  };

  void open();
  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      (current as unknown as { destroy?: () => void } | undefined)?.destroy?.();
      current = undefined;
    },
  };
}
