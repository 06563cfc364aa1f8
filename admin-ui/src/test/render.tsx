import { render } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { ConsoleRoutes } from '../App';
import { AuthProvider } from '../auth/auth';

/** The whole console at `path`, as the browser would show it, with an in-memory router. */
export function renderConsole(path: string) {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <AuthProvider>
        <ConsoleRoutes />
      </AuthProvider>
    </MemoryRouter>,
  );
}
