// The viewer's controls, under the file list: window/level (presets, values, auto, full range), layout, the 3D
// view's preset and shading, screenshots and help. It sits beside the views, so nothing in it moves them.
import { useLayout } from '../state/layout';
import { useRendering } from '../state/rendering';
import { useView } from '../state/view';
import { useVolumes } from '../state/volumes';
import { keyHint } from '../keys/shortcuts';
import { useCine } from '../actions/cine';
import { TransferFunctionEditor } from './TransferFunctionEditor';
import { autoWindow, fullRange } from '../actions/windowActions';
import { useShortcut } from '../keys/useShortcut';
import { layouts, type Layout, type ViewId } from '../geometry/layouts';
import { volumePresets } from '../display/volumePresets';
import { matchingPreset, roundForDisplay, windowPresetsFor } from '../display/windowLevel';

const layoutKeys = { one: 'layoutOne', 'four-up': 'layoutFourUp', 'one-plus-three': 'layoutOnePlusThree' } as const;

/** A number field that commits on Enter or when it loses focus, so typing "400" never shows W 4 and W 40. */
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

export function ViewerPanel({ onScreenshot, onHelp }: { onScreenshot(which: ViewId | 'layout'): void; onHelp(): void }) {
  const shown = useVolumes((state) => state.shown);
  const presets = shown ? windowPresetsFor(shown.full) : [];
  const { windowLevel, setWindowLevel } = useView();
  const { layout, active, setLayout } = useLayout();
  const { preset, shade, setPreset, setShade } = useRendering();
  const disabled = !shown;
  const cine = useCine();
  /** Cine plays in the slice view under the mouse, or the one last under it (axial if that was the 3D view). */
  const cineView = () => {
    const { hovered, active } = useLayout.getState();
    const view = hovered ?? active;
    return view === 'volume' ? 'axial' : view;
  };
  useShortcut('cine', () => shown && cine.toggle(cineView()));

  return (
    <aside className="panel viewer-panel" aria-label="Viewer">
      <h2>Window / level</h2>
      <select
        aria-label="Window preset"
        data-testid="window-preset"
        disabled={disabled}
        value={matchingPreset(windowLevel, presets)?.id ?? ''}
        onChange={(event) => {
          const choice = event.currentTarget.value;
          event.currentTarget.blur(); // the keys go back to the views
          if (choice === 'auto') autoWindow();
          else if (choice === 'full') fullRange();
          else {
            const found = presets.find((candidate) => candidate.id === choice);
            if (found) setWindowLevel({ window: found.window, level: found.level });
          }
        }}
      >
        <option value="" disabled>
          Preset…
        </option>
        {presets.length > 0 && (
          <optgroup label="CT (HU)">
            {presets.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.label} — W{candidate.window} L{candidate.level}
              </option>
            ))}
          </optgroup>
        )}
        <optgroup label="From the data">
          <option value="full">Full range{keyHint('fullRangeWindow')}</option>
          <option value="auto">Auto, 1st–99th percentile{keyHint('autoWindow')}</option>
        </optgroup>
      </select>
      <div className="field-row">
        <ValueField label="W" value={windowLevel.window} min={0} testId="window" onCommit={(window) => setWindowLevel({ ...windowLevel, window })} />
        <ValueField label="L" value={windowLevel.level} testId="level" onCommit={(level) => setWindowLevel({ ...windowLevel, level })} />
      </div>

      <h2>Layout</h2>
      <div className="segmented" role="group" aria-label="Layout">
        {(Object.keys(layouts) as Layout[]).map((id) => (
          <button key={id} aria-pressed={layout === id} data-layout-button={id} title={`Layout ${layouts[id].label}${keyHint(layoutKeys[id])}`} onClick={() => setLayout(id)}>
            {layouts[id].label}
          </button>
        ))}
      </div>

      <h2>3D view</h2>
      <select aria-label="3D preset" data-testid="volume-preset" value={preset} onChange={(event) => {
          setPreset(event.currentTarget.value);
          event.currentTarget.blur();
        }}>
        {volumePresets.map((candidate) => (
          <option key={candidate.id} value={candidate.id}>
            {candidate.label}
          </option>
        ))}
      </select>
      <label className="check">
        <input type="checkbox" checked={shade} data-testid="shading" onChange={(event) => setShade(event.currentTarget.checked)} />
        Shading
      </label>
      <TransferFunctionEditor />

      <h2>Cine</h2>
      <div className="field-row">
        <button disabled={disabled} data-testid="cine" aria-pressed={Boolean(cine.playing)} title={`Play through the slices${keyHint('cine')}`} onClick={() => (cine.playing ? cine.stop() : cine.toggle(cineView()))}>
          {cine.playing ? `■ Stop (${cine.playing})` : '▶ Play'}
        </button>
        <ValueField label="fps" value={cine.fps} min={0} testId="cine-fps" onCommit={cine.setFps} />
      </div>

      <h2>Screenshot (PNG)</h2>
      <div className="field-row">
        <button disabled={disabled} data-testid="screenshot-view" title={`Save the ${active} view${keyHint('screenshotView')}`} onClick={() => onScreenshot(active)}>
          View
        </button>
        <button disabled={disabled} data-testid="screenshot-layout" title={`Save the whole layout${keyHint('screenshotLayout')}`} onClick={() => onScreenshot('layout')}>
          Layout
        </button>
      </div>

      <button className="help-button" data-testid="help-button" onClick={onHelp}>
        Mouse and keys <kbd>?</kbd>
      </button>
    </aside>
  );
}
