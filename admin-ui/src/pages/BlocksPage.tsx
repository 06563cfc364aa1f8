import { FormEvent, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api, Block, call } from '../api/client';
import { useResource } from '../api/use-resource';
import { EmptyState, ErrorNote } from '../components/feedback';
import { DateTime } from '../components/format';
import { Pager } from '../components/Pager';
import { Column, Table } from '../components/Table';
import { usePage } from '../hooks/use-page';
import { offsetOf, pageParam, useUrlState } from '../hooks/use-url-state';

const PAGE_SIZE = 50;
const userLink = (name: string) => <Link to={`/users/${encodeURIComponent(name)}`}>{name}</Link>;
const COLUMNS: Column<Block>[] = [
  { label: 'Who blocked', cell: (b) => userLink(b.blocker) },
  { label: 'Whom', cell: (b) => userLink(b.blocked) },
  { label: 'Since', cell: (b) => <DateTime iso={b.createdAt} /> },
];

export function BlocksPage() {
  const heading = usePage('Blocks');
  const [url, setUrl] = useUrlState(['user', 'page'] as const);
  const [draft, setDraft] = useState(url.user);
  const offset = offsetOf(url.page, PAGE_SIZE);
  useEffect(() => setDraft(url.user), [url.user]);
  const blocks = useResource(
    (signal) => call(api.GET('/api/blocks', { params: { query: { user: url.user || undefined, limit: PAGE_SIZE, offset } }, signal })),
    [url.user, offset],
  );
  const apply = (event: FormEvent) => {
    event.preventDefault();
    setUrl({ user: draft.trim(), page: '' });
  };

  return (
    <section aria-labelledby="blocks-title">
      <h1 id="blocks-title" ref={heading} tabIndex={-1}>
        Blocks
      </h1>
      <p className="muted">Who has blocked whom. A blocked user's messages, broadcasts and presence no longer reach the blocker.</p>
      <form className="toolbar" onSubmit={apply} aria-label="Filter blocks">
        <label className="inline">
          User
          <input name="user" placeholder="Blocker or blocked" value={draft} onChange={(e) => setDraft(e.target.value)} />
        </label>
        <button type="submit">Filter</button>
        {url.user && (
          <button type="button" onClick={() => setUrl({ user: '', page: '' })}>
            Clear filter
          </button>
        )}
      </form>
      <ErrorNote error={blocks.error} />
      {blocks.data &&
        (blocks.data.items.length === 0 ? (
          <EmptyState>{url.user ? `${url.user} has not blocked anyone, and nobody has blocked them.` : 'Nobody has blocked anyone.'}</EmptyState>
        ) : (
          <>
            <Table rows={blocks.data.items} columns={COLUMNS} rowKey={(b) => `${b.blocker}>${b.blocked}`} labelledBy="blocks-title" />
            <Pager total={blocks.data.total} limit={PAGE_SIZE} offset={offset} onChange={(next) => setUrl({ page: pageParam(next, PAGE_SIZE) })} noun="Block" />
          </>
        ))}
    </section>
  );
}
