// The one place errors show: under the info bar, each whole (wrapped, never clipped), with Copy and Dismiss.
import { useState } from 'react';
import { useErrors, type ShownError } from '../state/errors';

/** The text a user pastes into a report: where, kind and message. */
export const errorText = ({ where, kind, message }: ShownError) => `${where}: ${kind ? `${kind}: ` : ''}${message}`;

function ErrorItem({ error }: { error: ShownError }) {
  const dismiss = useErrors((state) => state.dismiss);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard?.writeText(errorText(error)).catch(() => undefined);
    setCopied(true);
  };
  return (
    <li className="error-item" role="alert" data-testid="error">
      <div className="error-text">
        <b>{error.where}</b>
        {error.kind && <span className="error-kind"> {error.kind}</span>}
        {/* Selectable as text too, where the clipboard is not allowed (plain http, no permission). */}
        <p data-testid="error-message">{error.message}</p>
      </div>
      <button onClick={() => void copy()} title="Copy the whole message" data-testid="error-copy">
        {copied ? 'Copied' : 'Copy'}
      </button>
      <button onClick={() => dismiss(error.id)} title="Dismiss" aria-label="Dismiss" data-testid="error-dismiss">
        ×
      </button>
    </li>
  );
}

export function ErrorList() {
  const errors = useErrors((state) => state.errors);
  if (!errors.length) return null;
  return (
    <ul className="error-list" data-testid="error-list">
      {errors.map((error) => (
        <ErrorItem key={error.id} error={error} />
      ))}
    </ul>
  );
}
