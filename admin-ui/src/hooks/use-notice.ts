import { DependencyList, useCallback, useEffect, useState } from 'react';

export interface NoticeValue {
  kind: 'success' | 'warning';
  text: string;
}

/**
 * A page's outcome message. It is replaced by the next one, and cleared whenever `context`
 * changes (a filter, a search, the page), so it never sits beside something it is not about.
 */
export function useNotice(context: DependencyList = []): {
  notice: NoticeValue | null;
  success(text: string): void;
  warning(text: string): void;
  clear(): void;
} {
  const [notice, setNotice] = useState<NoticeValue | null>(null);
  useEffect(() => setNotice(null), context);
  const success = useCallback((text: string) => setNotice({ kind: 'success', text }), []);
  const warning = useCallback((text: string) => setNotice({ kind: 'warning', text }), []);
  const clear = useCallback(() => setNotice(null), []);
  return { notice, success, warning, clear };
}
