// The viewer's controls, under the file list: window/level (presets, values, auto, full range), layout, the 3D
// view's preset and shading (cine, screenshots and help sit in the top bar: ViewActions.tsx). It sits beside the
// views, so nothing in it moves them.
import { useLayout } from '../state/layout';
import { useRendering } from '../state/rendering';
import { useView } from '../state/view';
import { useVolumes } from '../state/volumes';
import { keyHint } from '../keys/shortcuts';
import { TransferFunctionEditor } from './TransferFunctionEditor';
import { autoWindow, fullRange } from '../actions/windowActions';
import { layouts, type Layout } from '../geometry/layouts';
import { volumePresets } from '../display/volumePresets';
import { matchingPreset, windowPresetsFor } from '../display/windowLevel';
import { ValueField } from './ValueField';

const layoutKeys = { one: 'layoutOne', 'four-up': 'layoutFourUp', 'one-plus-three': 'layoutOnePlusThree' } as const;

export function ViewerPanel() {
  const shown = useVolumes((state) => state.shown);
  const presets = shown ? windowPresetsFor(shown.full) : [];
  const { windowLevel, setWindowLevel } = useView();
  const { layout, setLayout } = useLayout();
  const { preset, shade, setPreset, setShade } = useRendering();
  const disabled = !shown;

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

    </aside>
  );
}
