import { api, call } from '../api/client';
import { useResource } from '../api/use-resource';
import { ErrorNote } from '../components/feedback';
import { DateTime, formatDuration } from '../components/format';
import { useNow } from '../hooks/use-now';
import { usePage } from '../hooks/use-page';

/** The server panel: version, uptime, listeners, database (and cluster nodes in cluster mode). */
export function AboutPage() {
  const heading = usePage('Server');
  const about = useResource((signal) => call(api.GET('/api/about', { signal })), []);
  const now = useNow();
  const loadedAt = about.updatedAt?.getTime() ?? now;

  return (
    <section aria-labelledby="about-title">
      <h1 id="about-title" ref={heading} tabIndex={-1}>
        Server
      </h1>
      <ErrorNote error={about.error} />
      {about.data && (
        <>
          <dl className="details card" data-testid="about">
            <dt>Version</dt>
            <dd>Parley {about.data.version}</dd>
            <dt>Up for</dt>
            <dd>
              {formatDuration(about.data.uptimeSeconds + (now - loadedAt) / 1000)} (since <DateTime iso={about.data.startedAt} />)
            </dd>
            <dt>Database</dt>
            <dd>
              {about.data.database.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'} <code>{about.data.database.location}</code>
            </dd>
          </dl>
          <h2 id="listeners-title">Listeners</h2>
          <ul className="plain-list" aria-labelledby="listeners-title">
            {about.data.listeners.map((listener) => (
              <li key={listener.name}>
                <strong>{listener.name}</strong> <code>{listener.address}</code>
              </li>
            ))}
          </ul>
          {about.data.clusterNodes && (
            <>
              <h2 id="nodes-title">Cluster nodes</h2>
              <ul className="plain-list" aria-labelledby="nodes-title">
                {about.data.clusterNodes.map((node) => (
                  <li key={node.name}>
                    <strong>{node.name}</strong> {node.sessions} sessions
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}
