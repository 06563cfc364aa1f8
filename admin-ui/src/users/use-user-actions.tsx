import { ReactNode, useState } from 'react';
import { api, call, User } from '../api/client';
import { useAction } from '../api/use-action';
import { useAuth, useIsMe } from '../auth/auth';
import { useConfirm } from '../components/useConfirm';
import { PasswordDialog } from './PasswordDialog';
import { RoleDialog } from './RoleDialog';

interface Feedback {
  success(text: string): void;
  clear(): void;
}

export interface UserActions {
  /** The dialogs these actions open; render once in the page. */
  dialogs: ReactNode;
  busy: boolean;
  error: string | null;
  resetPassword(user: User): void;
  changeRole(user: User): void;
  remove(user: User): Promise<boolean>;
  unlock(name: string): Promise<void>;
  kick(name: string): Promise<void>;
}

/** What an operator does to one account, the same from the Users list and a user's page. */
export function useUserActions(feedback: Feedback, onChanged: () => void): UserActions {
  const { endSession } = useAuth();
  const isMe = useIsMe();
  const [editing, setEditing] = useState<{ user: User; what: 'password' | 'role' } | null>(null);
  const [confirmDialog, confirm] = useConfirm();
  const action = useAction();

  const run = async (task: () => Promise<unknown>, done: string) => {
    feedback.clear();
    const ok = await action.perform(task);
    if (ok) {
      feedback.success(done);
      onChanged();
    }
    return ok;
  };

  const remove = async (user: User) => {
    const mine = isMe(user.username);
    const ok = await confirm({
      title: mine ? 'Delete your own account?' : `Delete ${user.username}?`,
      message: (
        <>
          <p>
            <strong>{user.username}</strong> is disconnected if online, and their blocks and stored messages are removed.
            This cannot be undone.
          </p>
          {mine && <p className="warning">This is the account you are signed in with: you will be signed out at once.</p>}
        </>
      ),
      action: `Delete ${user.username}`,
    });
    if (!ok) return false;
    const done = await run(() => call(api.DELETE('/api/users/{name}', { params: { path: { name: user.username } } })), `Deleted ${user.username}.`);
    if (done && mine) endSession('You deleted your own account, so this console signed you out.');
    return done;
  };

  const unlock = async (name: string) => {
    await run(() => call(api.DELETE('/api/lockouts/{name}', { params: { path: { name } } })), `Unlocked ${name}; they can log in again now.`);
  };

  const kick = async (name: string) => {
    const ok = await confirm({
      title: `Disconnect ${name}?`,
      message: (
        <p>
          <strong>{name}</strong> is told an administrator disconnected them, and their connection closes. They can log in
          again.
        </p>
      ),
      action: `Disconnect ${name}`,
    });
    if (ok) await run(() => call(api.DELETE('/api/sessions/{name}', { params: { path: { name } } })), `Disconnected ${name}.`);
  };

  const roleChanged = (user: User) => {
    setEditing(null);
    if (isMe(user.username) && user.role !== 'admin') {
      endSession('You changed your own role to user; only admins can use this console, so it signed you out.');
      return;
    }
    feedback.success(`${user.username} is now ${user.role === 'admin' ? 'an admin' : 'a user'}.`);
    onChanged();
  };

  const dialogs = (
    <>
      {editing?.what === 'password' && (
        <PasswordDialog
          user={editing.user}
          onClose={() => setEditing(null)}
          onDone={() => {
            feedback.success(`Password of ${editing.user.username} reset.`);
            setEditing(null);
          }}
        />
      )}
      {editing?.what === 'role' && <RoleDialog user={editing.user} onClose={() => setEditing(null)} onDone={roleChanged} />}
      {confirmDialog}
    </>
  );

  const open = (what: 'password' | 'role') => (user: User) => {
    feedback.clear();
    setEditing({ user, what });
  };

  return {
    dialogs,
    busy: action.busy,
    error: action.error,
    resetPassword: open('password'),
    changeRole: open('role'),
    remove,
    unlock,
    kick,
  };
}
