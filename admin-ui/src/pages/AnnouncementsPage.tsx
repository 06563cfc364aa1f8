import { FormEvent, useState } from 'react';
import { api, call } from '../api/client';
import { useAction } from '../api/use-action';
import { ErrorNote, Notice } from '../components/feedback';

const MAX_LENGTH = 1000;

export function AnnouncementsPage() {
  const [text, setText] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const send = useAction();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    let recipients = 0;
    const ok = await send.perform(async () => {
      ({ recipients } = await call(api.POST('/api/announcements', { body: { text } })));
    });
    if (ok) {
      setNotice(`Announcement sent to ${recipients} online ${recipients === 1 ? 'user' : 'users'}.`);
      setText('');
    }
  };

  return (
    <section aria-labelledby="announcements-title">
      <h1 id="announcements-title">Announcements</h1>
      <form className="card" onSubmit={submit}>
        <label>
          Message to everyone online
          <textarea
            name="announcement"
            rows={3}
            required
            maxLength={MAX_LENGTH}
            value={text}
            aria-describedby="announcement-help"
            onChange={(e) => setText(e.target.value)}
          />
        </label>
        <p id="announcement-help" className="muted small">
          Each user online now sees <code>*** Announcement: </code> followed by this text. {text.length}/{MAX_LENGTH}
        </p>
        <ErrorNote error={send.error} />
        <button type="submit" className="primary" disabled={send.busy || text.trim() === ''}>
          Send announcement
        </button>
      </form>
      <Notice>{notice}</Notice>
    </section>
  );
}
