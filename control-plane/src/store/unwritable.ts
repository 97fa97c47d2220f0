// When the database cannot be written: a full disk, a file system gone read-only, an I/O error.
//
// Such a failure is an outage of the store, not a bug of the request that met it: the caller is
// told UNAVAILABLE with the reason, the transaction left nothing behind, and the same write works
// again once space returns, on the same connection, without a restart.
import type { Logger } from '@coxswain/shared';

/** A write the store could not make for a reason outside the request: try again later. */
export class StoreUnavailableError extends Error {
  constructor(
    /** What is wrong, for people: "disk full", "read-only file system"... */
    readonly reason: string,
    /** The backend's own code (SQLITE_FULL...). */
    readonly code: string,
    readonly file: string,
    options?: { cause?: unknown },
  ) {
    super(`the database cannot be written: ${reason} (${code}) at ${file}`, options);
    this.name = 'StoreUnavailableError';
  }
}

/**
 * SQLite's (extended) result codes that mean the file cannot take writes right now. better-sqlite3
 * throws SQLITE_FULL for ENOSPC on the database or its WAL; a WAL database on a read-only file
 * system fails to open its shared memory (SQLITE_CANTOPEN), a rollback-journal one answers
 * SQLITE_READONLY; EIO and friends come as SQLITE_IOERR_* (WRITE, FSYNC, SHMOPEN...).
 */
function reasonOf(code: string): string | undefined {
  if (code === 'SQLITE_FULL') return 'disk full';
  // Opening a WAL database needs room for its shared-memory file: a full disk at start says this.
  if (code === 'SQLITE_IOERR_SHMSIZE') return 'no room for its shared-memory file (disk full?)';
  if (code.startsWith('SQLITE_READONLY')) return 'read-only file system or file';
  if (code.startsWith('SQLITE_IOERR')) return 'I/O error';
  if (code.startsWith('SQLITE_CANTOPEN')) return 'cannot open the file (read-only or removed?)';
  return undefined;
}

/** The error as a StoreUnavailableError when it is one of the codes above, else undefined. */
export function unwritable(err: unknown, file: string): StoreUnavailableError | undefined {
  if (err instanceof StoreUnavailableError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  const reason = reasonOf(code);
  return reason ? new StoreUnavailableError(reason, code, file, { cause: err }) : undefined;
}

/**
 * Runs the store's writes and keeps track of an outage: the first failure is logged, and so is
 * the first write that works again; the failures in between (a flush every few seconds, a pass
 * every 250 ms, every request) are not.
 */
export class WriteGuard {
  private outage: StoreUnavailableError | undefined;
  private since = 0;

  /**
   * @param rowsChanged rows written so far on the connection: during an outage, only a write that
   *   changed rows proves the disk takes writes again (a pass with nothing to commit proves nothing)
   */
  constructor(
    private readonly file: string,
    private readonly rowsChanged: () => number,
    private readonly log?: Logger,
  ) {}

  /** True while the last write failed for a reason of the disk. */
  get unavailable(): boolean {
    return this.outage !== undefined;
  }

  /** Runs a write; a failure of the disk is rethrown as StoreUnavailableError. */
  run<T>(write: () => T): T {
    const before = this.outage ? this.rowsChanged() : 0;
    let result: T;
    try {
      result = write();
    } catch (err) {
      const down = unwritable(err, this.file);
      if (!down) throw err;
      if (!this.outage) {
        this.since = Date.now();
        this.log?.error(
          { db: this.file, code: down.code, reason: down.reason },
          'database cannot be written: writes are refused until it can',
        );
      }
      this.outage = down;
      throw down;
    }
    if (this.outage && this.rowsChanged() > before) {
      this.log?.warn(
        { db: this.file, code: this.outage.code, outageMs: Date.now() - this.since },
        'database writes work again',
      );
      this.outage = undefined;
    }
    return result;
  }
}
