import { useState } from 'react';

/** Copies `text` to the clipboard and says so (or says to copy it by hand where that is refused). */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  };
  return (
    <>
      <button type="button" onClick={() => void copy()}>
        {label}
      </button>
      <span className="small muted" role="status">
        {state === 'copied' ? 'Copied.' : state === 'failed' ? 'Copying was refused; select the text and copy it.' : ''}
      </span>
    </>
  );
}
