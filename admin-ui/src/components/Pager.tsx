interface Props {
  total: number;
  limit: number;
  offset: number;
  onChange(offset: number): void;
  noun: string;
}

/** "1–50 of 120" with previous/next buttons; nothing when everything fits on one page. */
export function Pager({ total, limit, offset, onChange, noun }: Props) {
  if (total <= limit && offset === 0) return null;
  const last = Math.min(offset + limit, total);
  return (
    <nav className="pager" aria-label={`${noun} pages`}>
      <button type="button" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - limit))}>
        Previous
      </button>
      <span>
        {total === 0 ? 0 : offset + 1}–{last} of {total}
      </span>
      <button type="button" disabled={last >= total} onClick={() => onChange(offset + limit)}>
        Next
      </button>
    </nav>
  );
}
