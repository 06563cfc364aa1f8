import { FormEvent, useState } from 'react';
import { api, call } from '../api/client';
import { useAction } from '../api/use-action';
import { CopyButton } from '../components/CopyButton';
import { ErrorNote } from '../components/feedback';

export function CreateTokenForm({ onCreated, onEdit }: { onCreated(name: string, secret: string): void; onEdit(): void }) {
  const [name, setName] = useState('');
  const [days, setDays] = useState('');
  const action = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    onEdit();
    let secret = '';
    const expiresInDays = days === '' ? undefined : Number(days);
    const ok = await action.perform(async () => {
      ({ token: secret } = await call(api.POST('/api/tokens', { body: { name: name.trim(), expiresInDays } })));
    });
    if (ok) {
      onCreated(name.trim(), secret);
      setName('');
      setDays('');
    }
  };
  const edit = (set: (value: string) => void) => (e: { target: { value: string } }) => {
    set(e.target.value);
    action.clearError();
    onEdit();
  };
  return (
    <form className="card form-row" onSubmit={submit} aria-labelledby="create-token-title">
      <h2 id="create-token-title">Create a token</h2>
      <label>
        Name
        <input name="token-name" required maxLength={64} placeholder="e.g. nightly-backup" value={name} onChange={edit(setName)} />
      </label>
      <label>
        Expires after (days)
        <input name="token-days" type="number" min={1} max={3650} placeholder="never" value={days} onChange={edit(setDays)} />
      </label>
      <button type="submit" className="primary" disabled={action.busy}>
        Create token
      </button>
      <ErrorNote error={action.error} />
    </form>
  );
}

/** The secret of a token just created: shown this once, with a copy button. */
export function NewSecret({ name, secret }: { name: string; secret: string }) {
  return (
    <div className="card secret" role="status" aria-label={`Secret of ${name}`}>
      <p>
        Token <strong>{name}</strong> created. Copy its secret now: it is not shown again.
      </p>
      <code className="secret-value" data-testid="token-secret">
        {secret}
      </code>
      <div className="inline-actions">
        <CopyButton text={secret} label="Copy secret" />
      </div>
    </div>
  );
}
