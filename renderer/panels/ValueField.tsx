// A number field of the side panels (window, level, cine rate).
import { roundForDisplay } from '../display/windowLevel';

export /** A number field that commits on Enter or when it loses focus, so typing "400" never shows W 4 and W 40. */
function ValueField({ label, value, onCommit, testId, min }: { label: string; value: number; onCommit(value: number): void; testId: string; min?: number }) {
  const shown = roundForDisplay(value);
  const commit = (input: HTMLInputElement) => {
    const next = Number(input.value);
    if (next === shown) return; // left unchanged: keep the unrounded value a drag made
    if (input.value.trim() !== '' && Number.isFinite(next) && (min === undefined || next > min)) onCommit(next);
    else input.value = String(shown);
  };
  return (
    <label className="value-field">
      {label}
      <input
        key={shown}
        type="number"
        defaultValue={shown}
        data-testid={testId}
        onBlur={(event) => commit(event.currentTarget)}
        onKeyDown={(event) => event.key === 'Enter' && commit(event.currentTarget)}
      />
    </label>
  );
}
