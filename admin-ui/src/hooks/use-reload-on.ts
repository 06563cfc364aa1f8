import { useEffect, useRef } from 'react';

/** Calls `reload` each time `signal` changes after the first value (live updates). */
export function useReloadOn(signal: string, reload: () => void): void {
  const last = useRef(signal);
  useEffect(() => {
    if (last.current === signal) return;
    const first = last.current === '';
    last.current = signal;
    if (!first) reload();
  }, [signal, reload]);
}
