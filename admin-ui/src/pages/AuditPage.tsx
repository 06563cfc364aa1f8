import { FormEvent, useEffect, useState } from 'react';
import { api, AuditEntry, call } from '../api/client';
import type { operations } from '../api/schema';

type AuditAction = NonNullable<NonNullable<operations['AuditController_list']['parameters']['query']>['action']>;
import { useResource } from '../api/use-resource';
import { EmptyState, ErrorNote } from '../components/feedback';
import { DateTime } from '../components/format';
import { Pager } from '../components/Pager';
import { Column, Table } from '../components/Table';
import { usePage } from '../hooks/use-page';
import { offsetOf, pageParam, useUrlState } from '../hooks/use-url-state';

const PAGE_SIZE = 50;
const KEYS = ['actor', 'action', 'user', 'from', 'to', 'page'] as const;
const ACTIONS: AuditAction[] = [
  'login', 'login.failed', 'logout', 'user.create', 'user.delete', 'user.password', 'user.role',
  'lockout.clear', 'message.delete', 'session.kick', 'announcement', 'token.create', 'token.delete',
];

/** A yyyy-mm-dd day in the browser's time zone, as the instant it starts (`after`: the next day's start). */
function dayStart(day: string, after = false): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d + (after ? 1 : 0)).toISOString();
}

const COLUMNS: Column<AuditEntry>[] = [
  { label: 'When', cell: (e) => <DateTime iso={e.at} /> },
  { label: 'Who', cell: (e) => e.actor },
  { label: 'Action', cell: (e) => <code>{e.action}</code> },
  { label: 'Target', cell: (e) => e.target ?? <span className="muted">—</span>, className: 'multiline' },
  { label: 'Address', cell: (e) => e.address ?? <span className="muted">—</span> },
];

export function AuditPage() {
  const heading = usePage('Audit log');
  const [url, setUrl] = useUrlState(KEYS);
  const [draft, setDraft] = useState(url);
  const offset = offsetOf(url.page, PAGE_SIZE);
  useEffect(() => setDraft(url), [url.actor, url.action, url.user, url.from, url.to]);

  const audit = useResource(
    (signal) =>
      call(
        api.GET('/api/audit', {
          params: {
            query: {
              actor: url.actor || undefined,
              action: (url.action || undefined) as AuditAction | undefined,
              user: url.user || undefined,
              from: dayStart(url.from),
              to: dayStart(url.to, true),
              limit: PAGE_SIZE,
              offset,
            },
          },
          signal,
        }),
      ),
    [url.actor, url.action, url.user, url.from, url.to, offset],
  );

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setUrl({ ...draft, actor: draft.actor.trim(), user: draft.user.trim(), page: '' });
  };
  const filtered = Boolean(url.actor || url.action || url.user || url.from || url.to);
  const field = (key: (typeof KEYS)[number]) => ({
    name: key,
    value: draft[key],
    onChange: (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value }),
  });

  return (
    <section aria-labelledby="audit-title">
      <div className="page-head">
        <h1 id="audit-title" ref={heading} tabIndex={-1}>
          Audit log
        </h1>
        <button type="button" onClick={audit.reload} disabled={audit.loading}>
          Refresh
        </button>
      </div>
      <p className="muted">Every admin action, sign-ins included, newest first.</p>
      <form className="toolbar" onSubmit={apply} aria-label="Filter the audit log">
        <label className="inline">
          Who
          <input placeholder="Part of a name" {...field('actor')} />
        </label>
        <label className="inline">
          Action
          <select {...field('action')}>
            <option value="">any</option>
            {ACTIONS.map((action) => (
              <option key={action}>{action}</option>
            ))}
          </select>
        </label>
        <label className="inline">
          About user
          <input placeholder="Exact name" {...field('user')} />
        </label>
        <label className="inline">
          From
          <input type="date" {...field('from')} />
        </label>
        <label className="inline">
          To
          <input type="date" {...field('to')} />
        </label>
        <button type="submit">Filter</button>
        {filtered && (
          <button type="button" onClick={() => setUrl({ actor: '', action: '', user: '', from: '', to: '', page: '' })}>
            Clear filter
          </button>
        )}
      </form>
      <ErrorNote error={audit.error} />
      {audit.data &&
        (audit.data.items.length === 0 ? (
          <EmptyState>{filtered ? 'No entry matches this filter.' : 'Nothing has been recorded yet.'}</EmptyState>
        ) : (
          <>
            <Table rows={audit.data.items} columns={COLUMNS} rowKey={(e) => e.id} labelledBy="audit-title" />
            <Pager total={audit.data.total} limit={PAGE_SIZE} offset={offset} onChange={(next) => setUrl({ page: pageParam(next, PAGE_SIZE) })} noun="Audit" />
          </>
        ))}
    </section>
  );
}
