import { FormEvent, useEffect, useState } from 'react';
import { api, call, StoredMessage } from '../api/client';
import { useAction } from '../api/use-action';
import { useResource } from '../api/use-resource';
import { EmptyState, ErrorNote, Outcome } from '../components/feedback';
import { DateTime } from '../components/format';
import { Pager } from '../components/Pager';
import { Column, Table } from '../components/Table';
import { useConfirm } from '../components/useConfirm';
import { useNotice } from '../hooks/use-notice';
import { usePage } from '../hooks/use-page';
import { offsetOf, pageParam, useUrlState } from '../hooks/use-url-state';
import { MessageDialog } from './MessageDialog';

const PAGE_SIZE = 50;

export function MessagesPage() {
  const heading = usePage('Stored messages');
  const [url, setUrl] = useUrlState(['recipient', 'sender', 'page'] as const);
  const [draft, setDraft] = useState({ recipient: url.recipient, sender: url.sender });
  const offset = offsetOf(url.page, PAGE_SIZE);
  const [viewing, setViewing] = useState<StoredMessage | null>(null);
  const feedback = useNotice([url.recipient, url.sender, url.page]);
  const [confirmDialog, confirm] = useConfirm();
  const deletion = useAction();

  useEffect(() => setDraft({ recipient: url.recipient, sender: url.sender }), [url.recipient, url.sender]);

  const messages = useResource(
    (signal) =>
      call(
        api.GET('/api/messages', {
          params: { query: { recipient: url.recipient || undefined, sender: url.sender || undefined, limit: PAGE_SIZE, offset } },
          signal,
        }),
      ),
    [url.recipient, url.sender, offset],
  );

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setUrl({ recipient: draft.recipient.trim(), sender: draft.sender.trim(), page: '' });
  };

  const remove = async (message: StoredMessage) => {
    const ok = await confirm({
      title: 'Delete this stored message?',
      message: (
        <p>
          The message from <strong>{message.sender}</strong> to <strong>{message.recipient}</strong> will never be delivered.
        </p>
      ),
      action: 'Delete message',
    });
    if (!ok) return;
    feedback.clear();
    if (await deletion.perform(() => call(api.DELETE('/api/messages/{id}', { params: { path: { id: message.id } } })))) {
      setViewing(null);
      feedback.success(`Deleted the message from ${message.sender} to ${message.recipient}.`);
      messages.reload();
    }
  };

  const filtered = Boolean(url.recipient || url.sender);
  const columns: Column<StoredMessage>[] = [
    { label: 'From', cell: (m) => m.sender },
    { label: 'To', cell: (m) => m.recipient },
    { label: 'Stored', cell: (m) => <DateTime iso={m.storedAt} /> },
    { label: 'Text', cell: (m) => m.text, className: 'message-preview' },
    {
      label: 'Actions',
      actions: true,
      cell: (m) => (
        <>
          <button type="button" aria-label={`View message ${m.id}`} onClick={() => setViewing(m)}>
            View
          </button>
          <button type="button" className="danger" aria-label={`Delete message ${m.id}`} disabled={deletion.busy} onClick={() => void remove(m)}>
            Delete
          </button>
        </>
      ),
    },
  ];

  return (
    <section aria-labelledby="messages-title">
      <h1 id="messages-title" ref={heading} tabIndex={-1}>
        Stored messages
      </h1>
      <p className="muted">Private messages to offline users, waiting for the recipient's next login.</p>
      <form className="toolbar" onSubmit={apply} aria-label="Filter stored messages">
        <label className="inline">
          Recipient
          <input name="recipient" placeholder="Part of a name" value={draft.recipient} onChange={(e) => setDraft({ ...draft, recipient: e.target.value })} />
        </label>
        <label className="inline">
          Sender
          <input name="sender" placeholder="Part of a name" value={draft.sender} onChange={(e) => setDraft({ ...draft, sender: e.target.value })} />
        </label>
        <button type="submit">Filter</button>
        {filtered && (
          <button type="button" onClick={() => setUrl({ recipient: '', sender: '', page: '' })}>
            Clear filter
          </button>
        )}
      </form>
      <Outcome notice={feedback.notice} />
      <ErrorNote error={deletion.error} />
      <ErrorNote error={messages.error} />
      {messages.data &&
        (messages.data.items.length === 0 ? (
          <EmptyState>{filtered ? 'No stored message matches this filter.' : 'No message is waiting for delivery.'}</EmptyState>
        ) : (
          <>
            <Table rows={messages.data.items} columns={columns} rowKey={(m) => m.id} labelledBy="messages-title" />
            <Pager total={messages.data.total} limit={PAGE_SIZE} offset={offset} onChange={(next) => setUrl({ page: pageParam(next, PAGE_SIZE) })} noun="Message" />
          </>
        ))}
      {viewing && !confirmDialog && <MessageDialog message={viewing} onClose={() => setViewing(null)} onDelete={() => void remove(viewing)} />}
      {confirmDialog}
    </section>
  );
}
