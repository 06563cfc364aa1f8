import { FormEvent, useState } from 'react';
import { api, call, Role, User } from '../api/client';
import { useAction } from '../api/use-action';
import { ErrorNote } from '../components/feedback';
import { MIN_PASSWORD_LENGTH } from './PasswordDialog';

/** Creates an account; its error is cleared as soon as the operator edits the form. */
export function CreateUserForm({ onCreated, onEdit }: { onCreated(user: User): void; onEdit(): void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('user');
  const action = useAction();

  const edit = <T,>(set: (value: T) => void) => (value: T) => {
    set(value);
    action.clearError();
    onEdit();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    onEdit();
    let created: User | undefined;
    const ok = await action.perform(async () => {
      created = await call(api.POST('/api/users', { body: { username: username.trim(), password, role } }));
    });
    if (ok && created) {
      setUsername('');
      setPassword('');
      setRole('user');
      onCreated(created);
    }
  };

  return (
    <form className="card form-row" onSubmit={submit} aria-labelledby="create-user-title">
      <h2 id="create-user-title">Create a user</h2>
      <label>
        Username
        <input
          name="new-username"
          required
          maxLength={32}
          pattern="[A-Za-z0-9_.\-]{1,32}"
          title="1–32 letters, digits, _ - ."
          autoComplete="off"
          value={username}
          onChange={(e) => edit(setUsername)(e.target.value)}
        />
      </label>
      <label>
        Password
        <input
          name="new-password"
          type="password"
          required
          title={`At least ${MIN_PASSWORD_LENGTH} characters, unless the server is configured otherwise`}
          autoComplete="new-password"
          value={password}
          onChange={(e) => edit(setPassword)(e.target.value)}
        />
      </label>
      <label>
        Role
        <select name="new-role" value={role} onChange={(e) => edit(setRole)(e.target.value as Role)}>
          <option value="user">user</option>
          <option value="admin">admin</option>
        </select>
      </label>
      <button type="submit" className="primary" disabled={action.busy}>
        Create user
      </button>
      <ErrorNote error={action.error} />
    </form>
  );
}
