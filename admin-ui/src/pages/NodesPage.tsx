import { api, call, ServerNode } from '../api/client';
import { useResource } from '../api/use-resource';
import { ErrorNote } from '../components/feedback';
import { DateTime } from '../components/format';
import { Column, Table } from '../components/Table';
import { usePage } from '../hooks/use-page';

/** Nodes report their session counts with their heartbeat (every 5 s); the list follows at this pace. */
const REFRESH_MS = 5_000;

/** The live servers on this database: the cluster's nodes, or the one server. */
export function NodesPage() {
  const heading = usePage('Nodes');
  const nodes = useResource((signal) => call(api.GET('/api/nodes', { signal })), [], REFRESH_MS);

  const columns: Column<ServerNode>[] = [
    { label: 'Node', cell: (n) => <code>{n.id}</code> },
    { label: 'Line address', cell: (n) => <code>{n.address}</code> },
    { label: 'Sessions', cell: (n) => n.sessions },
    { label: 'Since', cell: (n) => <DateTime iso={n.since} /> },
  ];

  return (
    <section aria-labelledby="nodes-title">
      <div className="page-head">
        <h1 id="nodes-title" ref={heading} tabIndex={-1}>
          Nodes
        </h1>
        <button type="button" onClick={nodes.reload} disabled={nodes.loading}>
          Refresh
        </button>
      </div>
      <p className="muted">
        The servers running on this database, by their heartbeat: in cluster mode every node, otherwise this one server. Sessions are
        counted at each node's last heartbeat.
      </p>
      <ErrorNote error={nodes.error} />
      {nodes.data && <Table rows={nodes.data} columns={columns} rowKey={(n) => n.id} labelledBy="nodes-title" testId="nodes" />}
    </section>
  );
}
