import { dropRunDatabases } from './test-database';

/** Drops any database of this run a test left behind (a crashed worker, a failed afterAll). */
export default function globalTeardown(): void {
  const run = process.env.PARLEY_TEST_RUN;
  if (!run) return;
  try {
    dropRunDatabases(run);
  } catch {
    // No PostgreSQL here: the run used none.
  }
}
