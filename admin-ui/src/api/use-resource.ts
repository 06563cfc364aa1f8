import { DependencyList, useCallback, useEffect, useRef, useState } from 'react';
import { describeError } from './client';

export interface Resource<T> {
  data: T | undefined;
  /** The last load's error; earlier data stays shown beside it. */
  error: string | null;
  loading: boolean;
  updatedAt: Date | null;
  reload(): void;
}

/**
 * Loads `load()` when `deps` change and, with `refreshMs`, again that long after each answer
 * (so a slow server is never asked twice at once). Unmounting aborts the call in flight.
 */
export function useResource<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: DependencyList,
  refreshMs?: number,
): Resource<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const [version, setVersion] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async () => {
      setLoading(true);
      try {
        const next = await loadRef.current(controller.signal);
        if (controller.signal.aborted) return;
        setData(next);
        setError(null);
        setUpdatedAt(new Date());
      } catch (err) {
        if (controller.signal.aborted) return;
        setError(describeError(err));
      }
      setLoading(false);
      if (refreshMs) timer = setTimeout(run, refreshMs);
    };
    void run();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
    // `load` is read through a ref: callers pass a new closure each render; `deps` say when it matters.
  }, [...deps, version, refreshMs]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data, error, loading, updatedAt, reload };
}
