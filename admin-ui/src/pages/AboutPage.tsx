import { Link } from 'react-router';
import { api, call } from '../api/client';
import { useResource } from '../api/use-resource';
import { ErrorNote } from '../components/feedback';
import { DateTime, formatDuration } from '../components/format';
import { useNow } from '../hooks/use-now';
import { usePage } from '../hooks/use-page';

/** The server panel: version, uptime, listeners, database (and the number of nodes in cluster mode; the Nodes panel lists them). */
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
            {about.data.clusterNodes && (
              <>
                <dt>Cluster</dt>
                <dd>
                  {about.data.clusterNodes.length} live {about.data.clusterNodes.length === 1 ? 'node' : 'nodes'} (<Link to="/nodes">Nodes</Link>)
                </dd>
              </>
            )}
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
        </>
      )}
    </section>
  );
}
