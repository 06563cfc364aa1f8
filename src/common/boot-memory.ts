import { setFlagsFromString } from 'node:v8';

/** V8's default (node --v8-options): each scavenge that finds the young generation too small doubles it. */
const DEFAULT_GROWTH_FACTOR = 2;

/**
 * Runs `boot` with V8's young generation kept at its initial size. Loading NestJS, TypeORM
 * and Swagger allocates a great many short-lived objects; V8 grows the young generation to
 * its maximum meanwhile and keeps those pages for the life of the process (27 MiB of RSS at
 * rest, measured). After the boot the default growth applies again, so load grows it as before.
 */
export async function withSmallYoungGeneration<T>(boot: () => Promise<T>): Promise<T> {
  setFlagsFromString('--semi-space-growth-factor=1');
  try {
    return await boot();
  } finally {
    setFlagsFromString(`--semi-space-growth-factor=${DEFAULT_GROWTH_FACTOR}`);
  }
}
