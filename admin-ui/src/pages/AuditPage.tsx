import { useState } from 'react';
import { api, call } from '../api/client';
import { useResource } from '../api/use-resource';
import { EmptyState, ErrorNote } from '../components/feedback';
import { DateTime } from '../components/format';
import { Pager } from '../components/Pager';

const PAGE_SIZE = 50;

export function AuditPage() {
  const [offset, setOffset] = useState(0);
  const audit = useResource(
    (signal) => call(api.GET('/api/audit', { params: { query: { limit: PAGE_SIZE, offset } }, signal })),
    [offset],
  );

  return (
    <section aria-labelledby="audit-title">
      <div className="page-head">
        <h1 id="audit-title">Audit log</h1>
        <button type="button" onClick={audit.reload} disabled={audit.loading}>
          Refresh
        </button>
      </div>
      <p className="muted">Every admin action, sign-ins included, newest first.</p>
      <ErrorNote error={audit.error} />
      {audit.data &&
        (audit.data.items.length === 0 ? (
          <EmptyState>Nothing has been recorded yet.</EmptyState>
        ) : (
          <>
            <div className="table-wrap">
              <table aria-labelledby="audit-title">
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Who</th>
                    <th scope="col">Action</th>
                    <th scope="col">Target</th>
                    <th scope="col">Address</th>
                  </tr>
                </thead>
                <tbody>
                  {audit.data.items.map((entry) => (
                    <tr key={entry.id}>
                      <td>
                        <DateTime iso={entry.at} />
                      </td>
                      <td>{entry.actor}</td>
                      <td>
                        <code>{entry.action}</code>
                      </td>
                      <td>{entry.target ?? <span className="muted">—</span>}</td>
                      <td>{entry.address ?? <span className="muted">—</span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager total={audit.data.total} limit={PAGE_SIZE} offset={offset} onChange={setOffset} noun="Audit" />
          </>
        ))}
    </section>
  );
}
