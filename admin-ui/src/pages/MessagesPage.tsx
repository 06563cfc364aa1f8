import { FormEvent, useState } from 'react';
import { api, call, StoredMessage } from '../api/client';
import { useAction } from '../api/use-action';
import { useResource } from '../api/use-resource';
import { EmptyState, ErrorNote, Notice } from '../components/feedback';
import { DateTime } from '../components/format';
import { Modal } from '../components/Modal';
import { Pager } from '../components/Pager';
import { useConfirm } from '../components/useConfirm';

const PAGE_SIZE = 50;

interface Filter {
  recipient: string;
  sender: string;
}

export function MessagesPage() {
  const [draft, setDraft] = useState<Filter>({ recipient: '', sender: '' });
  const [filter, setFilter] = useState<Filter>({ recipient: '', sender: '' });
  const [offset, setOffset] = useState(0);
  const [viewing, setViewing] = useState<StoredMessage | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirmDialog, confirm] = useConfirm();
  const deletion = useAction();

  const messages = useResource(
    (signal) =>
      call(
        api.GET('/api/messages', {
          params: {
            query: { recipient: filter.recipient || undefined, sender: filter.sender || undefined, limit: PAGE_SIZE, offset },
          },
          signal,
        }),
      ),
    [filter, offset],
  );

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilter({ recipient: draft.recipient.trim(), sender: draft.sender.trim() });
    setOffset(0);
  };

  const clear = () => {
    setDraft({ recipient: '', sender: '' });
    setFilter({ recipient: '', sender: '' });
    setOffset(0);
  };

  const remove = async (message: StoredMessage) => {
    const ok = await confirm({
      title: 'Delete this stored message?',
      message: (
        <p>
          The message from <strong>{message.sender}</strong> to <strong>{message.recipient}</strong> will never be
          delivered.
        </p>
      ),
      action: 'Delete message',
    });
    if (!ok) return;
    if (await deletion.perform(() => call(api.DELETE('/api/messages/{id}', { params: { path: { id: message.id } } })))) {
      setViewing(null);
      setNotice(`Deleted the message from ${message.sender} to ${message.recipient}.`);
      messages.reload();
    }
  };

  const filtered = Boolean(filter.recipient || filter.sender);

  return (
    <section aria-labelledby="messages-title">
      <h1 id="messages-title">Stored messages</h1>
      <p className="muted">Private messages to offline users, waiting for the recipient's next login.</p>
      <form className="toolbar" onSubmit={apply} aria-label="Filter stored messages">
        <label className="inline">
          Recipient
          <input name="recipient" value={draft.recipient} onChange={(e) => setDraft({ ...draft, recipient: e.target.value })} />
        </label>
        <label className="inline">
          Sender
          <input name="sender" value={draft.sender} onChange={(e) => setDraft({ ...draft, sender: e.target.value })} />
        </label>
        <button type="submit">Filter</button>
        {filtered && (
          <button type="button" onClick={clear}>
            Clear filter
          </button>
        )}
      </form>
      <Notice>{notice}</Notice>
      <ErrorNote error={deletion.error} />
      <ErrorNote error={messages.error} />
      {messages.data &&
        (messages.data.items.length === 0 ? (
          <EmptyState>{filtered ? 'No stored message matches this filter.' : 'No message is waiting for delivery.'}</EmptyState>
        ) : (
          <>
            <div className="table-wrap">
              <table aria-labelledby="messages-title">
                <thead>
                  <tr>
                    <th scope="col">From</th>
                    <th scope="col">To</th>
                    <th scope="col">Stored</th>
                    <th scope="col">Text</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {messages.data.items.map((message) => (
                    <tr key={message.id}>
                      <td>{message.sender}</td>
                      <td>{message.recipient}</td>
                      <td>
                        <DateTime iso={message.storedAt} />
                      </td>
                      <td className="message-preview">{message.text}</td>
                      <td className="actions">
                        <button type="button" aria-label={`View message ${message.id}`} onClick={() => setViewing(message)}>
                          View
                        </button>
                        <button
                          type="button"
                          className="danger"
                          aria-label={`Delete message ${message.id}`}
                          disabled={deletion.busy}
                          onClick={() => void remove(message)}
                        >
                          Delete
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager total={messages.data.total} limit={PAGE_SIZE} offset={offset} onChange={setOffset} noun="Message" />
          </>
        ))}
      {viewing && !confirmDialog && (
        <Modal title={`Message from ${viewing.sender} to ${viewing.recipient}`} onClose={() => setViewing(null)}>
          <dl className="details">
            <dt>Stored</dt>
            <dd>
              <DateTime iso={viewing.storedAt} />
            </dd>
          </dl>
          <p className="message-text" data-testid="message-text">
            {viewing.text}
          </p>
          <div className="modal-actions">
            <button type="button" data-autofocus onClick={() => setViewing(null)}>
              Close
            </button>
            <button type="button" className="danger" onClick={() => void remove(viewing)}>
              Delete
            </button>
          </div>
        </Modal>
      )}
      {confirmDialog}
    </section>
  );
}
