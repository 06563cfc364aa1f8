import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, rmdirSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database } from 'sqlite3';
import { DATABASE_FILE } from '../../src/database/data-dir';

function run(db: Database, sql: string): Promise<void> {
  return new Promise((resolve, reject) => db.run(sql, (error) => (error ? reject(error) : resolve())));
}

/**
 * A second, real SQLite connection holding the write lock on the server's database, as another
 * process (a backup tool, a stray sqlite3 shell) would. Resolves once the lock is held.
 */
export async function holdWriteLock(dataDir: string): Promise<{ release(): Promise<void> }> {
  const db = await new Promise<Database>((resolve, reject) => {
    const opened = new Database(join(dataDir, DATABASE_FILE), (error) => (error ? reject(error) : resolve(opened)));
  });
  await run(db, 'BEGIN EXCLUSIVE');
  return {
    async release() {
      await run(db, 'COMMIT');
      await new Promise<void>((resolve, reject) => db.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/** A size-limited tmpfs to fill up; undefined where mounting is not allowed (not root). */
export interface SmallDisk {
  dir: string;
  /** Takes every free byte; returns a function giving them back. */
  fill(): () => void;
  unmount(): void;
}

export function mountSmallDisk(sizeKib: number): SmallDisk | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'parley-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKib}k`, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    rmdirSync(dir);
    return undefined;
  }
  return {
    dir,
    fill() {
      const filler = join(dir, 'filler');
      const fd = openSync(filler, 'w');
      const chunk = Buffer.alloc(4096, 1);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      } finally {
        closeSync(fd);
      }
      return () => rmSync(filler);
    },
    unmount() {
      execFileSync('umount', [dir], { stdio: 'ignore' });
      rmdirSync(dir);
    },
  };
}
