import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Keeps V8's young generation at its initial size for the life of the server. Loading
 * NestJS, TypeORM and Swagger allocates a great many short-lived objects; with the default
 * growth V8 doubles the young generation up to its maximum meanwhile and keeps those pages
 * (27 MiB of RSS at rest), and grows it again under the first load (logins of 1000 idle
 * sessions cost 44 KiB each instead of 23). Chat traffic allocates small, short-lived
 * objects: scavenging a small young generation more often cost no measurable CPU per
 * private message or broadcast delivery in the bench (docs/PERFORMANCE.md).
 */
export function keepYoungGenerationSmall(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}

/**
 * One full, compacting collection once the server is up. The boot leaves the old generation
 * fragmented (module loading, Nest's scanning, the OpenAPI document): a plain full collection
 * frees the garbage but keeps every page that still holds something, about 7–14 MiB of RSS
 * at rest; compaction moves the survivors together and returns the empty pages. Only this
 * collection compacts on demand (V8 still decides for every later one), so the chat path
 * pays nothing. `gc` is reached through a fresh context, exposed only for that moment.
 */
export function compactHeapAfterBoot(): void {
  setFlagsFromString('--expose-gc');
  const collect = runInNewContext('gc') as () => void;
  setFlagsFromString('--no-expose-gc');
  setFlagsFromString('--compact-on-every-full-gc');
  try {
    collect();
  } finally {
    setFlagsFromString('--no-compact-on-every-full-gc');
  }
}
