import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

export type UrlState<K extends string> = Record<K, string>;

/**
 * A page's search, filters and page number, kept in the address so Back restores them and a
 * link can be shared. Empty values are left out of the URL. `replace` updates the current
 * history entry (while typing), otherwise each change is a new entry.
 */
export function useUrlState<K extends string>(
  keys: readonly K[],
): [UrlState<K>, (changes: Partial<UrlState<K>>, options?: { replace?: boolean }) => void] {
  const [params, setParams] = useSearchParams();
  const state = Object.fromEntries(keys.map((key) => [key, params.get(key) ?? ''])) as UrlState<K>;
  const update = useCallback(
    (changes: Partial<UrlState<K>>, options: { replace?: boolean } = {}) => {
      setParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          for (const [key, value] of Object.entries(changes) as [string, string | undefined][]) {
            if (value) next.set(key, value);
            else next.delete(key);
          }
          return next;
        },
        { replace: options.replace },
      );
    },
    [setParams],
  );
  return [state, update];
}

/** The page offset kept as `page` (1-based) in the URL. */
export function offsetOf(page: string, pageSize: number): number {
  const n = Number.parseInt(page, 10);
  return Number.isFinite(n) && n > 1 ? (n - 1) * pageSize : 0;
}

export function pageParam(offset: number, pageSize: number): string {
  const page = Math.floor(offset / pageSize) + 1;
  return page > 1 ? String(page) : '';
}
