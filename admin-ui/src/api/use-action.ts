import { useCallback, useState } from 'react';
import { describeError } from './client';

export interface Action {
  busy: boolean;
  error: string | null;
  /** Runs `task`, keeping its error to show in place; resolves true when it succeeded. */
  perform(task: () => Promise<unknown>): Promise<boolean>;
  clearError(): void;
}

export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const perform = useCallback(async (task: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await task();
      return true;
    } catch (err) {
      setError(describeError(err));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  const clearError = useCallback(() => setError(null), []);
  return { busy, error, perform, clearError };
}
