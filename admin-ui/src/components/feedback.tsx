import { ReactNode } from 'react';

/** An API error, shown where the thing that failed is. */
export function ErrorNote({ error }: { error: string | null | undefined }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {error}
    </p>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

/** A short success message, announced to screen readers. */
export function Notice({ children }: { children: ReactNode }) {
  if (!children) return null;
  return (
    <p className="notice" role="status">
      {children}
    </p>
  );
}

/** A page's outcome: a success, or a warning for something that worked but did less than hoped. */
export function Outcome({ notice }: { notice: { kind: 'success' | 'warning'; text: string } | null }) {
  if (!notice) return null;
  return (
    <p className={notice.kind === 'warning' ? 'warning' : 'notice'} role="status">
      {notice.text}
    </p>
  );
}
