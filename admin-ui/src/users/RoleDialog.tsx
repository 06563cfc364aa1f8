import { FormEvent, useState } from 'react';
import { api, call, Role, User } from '../api/client';
import { useAction } from '../api/use-action';
import { useIsMe } from '../auth/auth';
import { ErrorNote } from '../components/feedback';
import { Modal } from '../components/Modal';

export function RoleDialog({ user, onClose, onDone }: { user: User; onClose(): void; onDone(user: User): void }) {
  const [role, setRole] = useState<Role>(user.role);
  const action = useAction();
  const demotingMyself = useIsMe()(user.username) && role === 'user';
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    let updated: User | undefined;
    const ok = await action.perform(async () => {
      updated = await call(api.PUT('/api/users/{name}/role', { params: { path: { name: user.username } }, body: { role } }));
    });
    if (ok && updated) onDone(updated);
  };
  return (
    <Modal title={`Change the role of ${user.username}`} onClose={onClose}>
      <form onSubmit={submit}>
        <label>
          Role
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            <option value="user">user: chat only</option>
            <option value="admin">admin: chat and this console</option>
          </select>
        </label>
        {demotingMyself && (
          <p className="warning" role="alert">
            This is your own account. As a user you can no longer use this console: you will be signed out at once.
          </p>
        )}
        <ErrorNote error={action.error} />
        <div className="modal-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className={demotingMyself ? 'danger' : 'primary'} disabled={action.busy || role === user.role}>
            {demotingMyself ? 'Demote myself and sign out' : 'Save role'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
