import { FormEvent, useState } from 'react';
import { api, call, User } from '../api/client';
import { useAction } from '../api/use-action';
import { ErrorNote } from '../components/feedback';
import { Modal } from '../components/Modal';
import { CopyButton } from '../components/CopyButton';

/** The shortest password the server accepts by default (accounts.min_password_length); the server has the last word. */
export const MIN_PASSWORD_LENGTH = 8;

/** 16 characters from a 57-character alphabet without look-alikes: about 93 bits. */
export function generatePassword(length = 16): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const bytes = crypto.getRandomValues(new Uint32Array(length));
  return Array.from(bytes, (n) => alphabet[n % alphabet.length]).join('');
}

export function PasswordDialog({ user, onClose, onDone }: { user: User; onClose(): void; onDone(): void }) {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [generated, setGenerated] = useState<string | null>(null);
  const [mismatch, setMismatch] = useState(false);
  const action = useAction();

  const edit = (set: (value: string) => void) => (value: string) => {
    set(value);
    setMismatch(false);
    setGenerated(null);
    action.clearError();
  };

  const generate = () => {
    const value = generatePassword();
    setPassword(value);
    setConfirm(value);
    setGenerated(value);
    setMismatch(false);
    action.clearError();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (password !== confirm) {
      setMismatch(true);
      return;
    }
    const ok = await action.perform(() =>
      call(api.PUT('/api/users/{name}/password', { params: { path: { name: user.username } }, body: { password } })),
    );
    if (ok) onDone();
  };

  return (
    <Modal title={`Reset the password of ${user.username}`} onClose={onClose}>
      <form onSubmit={submit}>
        <label>
          New password
          <input
            type={generated ? 'text' : 'password'}
            name="password"
            required
            autoComplete="new-password"
            aria-describedby="password-rule"
            value={password}
            onChange={(e) => edit(setPassword)(e.target.value)}
          />
        </label>
        <label>
          Confirm the new password
          <input
            type={generated ? 'text' : 'password'}
            name="confirm"
            required
            autoComplete="new-password"
            value={confirm}
            onChange={(e) => edit(setConfirm)(e.target.value)}
          />
        </label>
        <p id="password-rule" className="muted small">
          At least {MIN_PASSWORD_LENGTH} characters, unless the server is configured otherwise.
        </p>
        <div className="inline-actions">
          <button type="button" onClick={generate}>
            Generate a password
          </button>
          {generated && <CopyButton text={generated} label="Copy password" />}
        </div>
        {mismatch && <ErrorNote error="The two passwords differ. Type the same password in both fields." />}
        <ErrorNote error={action.error} />
        <div className="modal-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={action.busy}>
            Set password
          </button>
        </div>
      </form>
    </Modal>
  );
}
