import { NavLink, Outlet } from 'react-router';
import { useAuth } from '../auth/auth';
import { LiveProvider } from '../live/live';
import { ThemeSwitch } from './ThemeSwitch';

const SECTIONS = [
  { to: '/', label: 'Dashboard' },
  { to: '/users', label: 'Users' },
  { to: '/lockouts', label: 'Lockouts' },
  { to: '/messages', label: 'Stored messages' },
  { to: '/sessions', label: 'Sessions' },
  { to: '/blocks', label: 'Blocks' },
  { to: '/announcements', label: 'Announcements' },
  { to: '/audit', label: 'Audit log' },
  { to: '/tokens', label: 'API tokens' },
  { to: '/nodes', label: 'Nodes' },
  { to: '/about', label: 'Server' },
];

export function Layout() {
  const { session, signOut } = useAuth();
  return (
    <LiveProvider key={session?.token}>
      <div className="shell">
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="topbar">
          <span className="brand">Parley admin</span>
          <span className="whoami">
            Signed in as <strong>{session?.username}</strong>
          </span>
          <ThemeSwitch />
          <button type="button" onClick={() => void signOut()}>
            Sign out
          </button>
        </header>
        <nav className="sidenav" aria-label="Sections">
          <ul>
            {SECTIONS.map((section) => (
              <li key={section.to}>
                <NavLink to={section.to} end={section.to === '/'}>
                  {section.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
    </LiveProvider>
  );
}
