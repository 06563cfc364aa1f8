import { randomBytes } from 'node:crypto';

/** One id per jest run; the PostgreSQL databases of this run carry it (workers inherit the env). */
export default function globalSetup(): void {
  process.env.PARLEY_TEST_RUN ??= randomBytes(4).toString('hex');
}
