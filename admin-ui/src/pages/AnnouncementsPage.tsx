import { FormEvent, useState } from 'react';
import { api, call } from '../api/client';
import { useAction } from '../api/use-action';
import { ErrorNote, Outcome } from '../components/feedback';
import { useNotice } from '../hooks/use-notice';
import { usePage } from '../hooks/use-page';

const MAX_LENGTH = 1000;

export function AnnouncementsPage() {
  const heading = usePage('Announcements');
  const [text, setText] = useState('');
  const feedback = useNotice();
  const send = useAction();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    feedback.clear();
    let result = { recipients: 0, lines: 0 };
    const ok = await send.perform(async () => {
      result = await call(api.POST('/api/announcements', { body: { text } }));
    });
    if (!ok) return;
    const { recipients, lines } = result;
    const what = lines === 1 ? 'Announcement' : `Announcement (${lines} lines)`;
    if (recipients === 0) feedback.warning(`Nobody is online: the announcement reached no one. It is in the audit log.`);
    else feedback.success(`${what} sent to ${recipients} online ${recipients === 1 ? 'user' : 'users'}.`);
    setText('');
  };

  return (
    <section aria-labelledby="announcements-title">
      <h1 id="announcements-title" ref={heading} tabIndex={-1}>
        Announcements
      </h1>
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
            onChange={(e) => {
              setText(e.target.value);
              feedback.clear();
              send.clearError();
            }}
          />
        </label>
        <p id="announcement-help" className="muted small">
          Each user online now sees <code>*** Announcement: </code> followed by the text; each line of it arrives as a line of
          its own, and blank lines are left out. {text.length}/{MAX_LENGTH}
        </p>
        <ErrorNote error={send.error} />
        <button type="submit" className="primary" disabled={send.busy || text.trim() === ''}>
          Send announcement
        </button>
      </form>
      <Outcome notice={feedback.notice} />
    </section>
  );
}
