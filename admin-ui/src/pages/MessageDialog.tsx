import { StoredMessage } from '../api/client';
import { DateTime } from '../components/format';
import { Modal } from '../components/Modal';

export function MessageDialog({ message, onClose, onDelete }: { message: StoredMessage; onClose(): void; onDelete(): void }) {
  return (
    <Modal title={`Message from ${message.sender} to ${message.recipient}`} onClose={onClose}>
      <dl className="details">
        <dt>Stored</dt>
        <dd>
          <DateTime iso={message.storedAt} />
        </dd>
      </dl>
      <p className="message-text" data-testid="message-text">
        {message.text}
      </p>
      <div className="modal-actions">
        <button type="button" data-autofocus onClick={onClose}>
          Close
        </button>
        <button type="button" className="danger" onClick={onDelete}>
          Delete
        </button>
      </div>
    </Modal>
  );
}
