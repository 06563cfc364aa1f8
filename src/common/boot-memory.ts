import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * One full, compacting collection once the server is up. The boot leaves the old generation
 * fragmented (module loading, Nest's scanning): a plain full collection
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
