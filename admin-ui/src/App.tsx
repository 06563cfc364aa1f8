import { ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { AuthProvider, useAuth } from './auth/auth';
import { Layout } from './components/Layout';
import { usePage } from './hooks/use-page';
import { AboutPage } from './pages/AboutPage';
import { AnnouncementsPage } from './pages/AnnouncementsPage';
import { AuditPage } from './pages/AuditPage';
import { BlocksPage } from './pages/BlocksPage';
import { DashboardPage } from './pages/DashboardPage';
import { LockoutsPage } from './pages/LockoutsPage';
import { MessagesPage } from './pages/MessagesPage';
import { NodesPage } from './pages/NodesPage';
import { SessionsPage } from './pages/SessionsPage';
import { SignInPage } from './pages/SignInPage';
import { TokensPage } from './pages/TokensPage';
import { UserPage } from './pages/UserPage';
import { UsersPage } from './pages/UsersPage';

export function App() {
  return (
    <BrowserRouter>
      <AuthProvider>
        <ConsoleRoutes />
      </AuthProvider>
    </BrowserRouter>
  );
}

export function ConsoleRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<SignInPage />} />
      <Route
        element={
          <SignedIn>
            <Layout />
          </SignedIn>
        }
      >
        <Route index element={<DashboardPage />} />
        <Route path="users" element={<UsersPage />} />
        <Route path="users/:name" element={<UserPage />} />
        <Route path="lockouts" element={<LockoutsPage />} />
        <Route path="messages" element={<MessagesPage />} />
        <Route path="sessions" element={<SessionsPage />} />
        <Route path="blocks" element={<BlocksPage />} />
        <Route path="announcements" element={<AnnouncementsPage />} />
        <Route path="audit" element={<AuditPage />} />
        <Route path="tokens" element={<TokensPage />} />
        <Route path="nodes" element={<NodesPage />} />
        <Route path="about" element={<AboutPage />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

/** Sends anyone without a session to the sign-in screen, remembering where they were going. */
function SignedIn({ children }: { children: ReactNode }) {
  const { session } = useAuth();
  const location = useLocation();
  if (!session) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return children;
}

function NotFound() {
  const heading = usePage('Not found');
  return (
    <section>
      <h1 ref={heading} tabIndex={-1}>
        Not found
      </h1>
      <p>There is no page at this address. Pick a section from the menu.</p>
    </section>
  );
}
