import { ReactNode, useCallback, useState } from 'react';
import { Modal } from './Modal';

export interface ConfirmRequest {
  title: string;
  message: ReactNode;
  /** The confirming button's label, e.g. "Delete alice". */
  action: string;
}

/**
 * Asks before anything destructive: `await confirm({...})` is true only when the user chose
 * the action. Cancel has the focus first, so Enter alone never destroys anything.
 */
export function useConfirm(): [ReactNode, (request: ConfirmRequest) => Promise<boolean>] {
  const [pending, setPending] = useState<{ request: ConfirmRequest; answer(ok: boolean): void } | null>(null);

  const confirm = useCallback(
    (request: ConfirmRequest) => new Promise<boolean>((resolve) => setPending({ request, answer: resolve })),
    [],
  );

  const close = (ok: boolean) => {
    pending?.answer(ok);
    setPending(null);
  };

  const dialog = pending && (
    <Modal title={pending.request.title} onClose={() => close(false)}>
      <div className="modal-body">{pending.request.message}</div>
      <div className="modal-actions">
        <button type="button" data-autofocus onClick={() => close(false)}>
          Cancel
        </button>
        <button type="button" className="danger" onClick={() => close(true)}>
          {pending.request.action}
        </button>
      </div>
    </Modal>
  );
  return [dialog, confirm];
}
