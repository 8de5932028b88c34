// What acts on the views as a whole, at the right of the top bar where every window size shows it: cine, PNG
// screenshots of the view or the layout, and the mouse-and-keys help.
import { useCine } from '../actions/cine';
import type { ViewId } from '../geometry/layouts';
import { keyHint } from '../keys/shortcuts';
import { useShortcut } from '../keys/useShortcut';
import { useLayout } from '../state/layout';
import { useVolumes } from '../state/volumes';
import { ValueField } from './ValueField';

export function ViewActions({ onScreenshot, onHelp }: { onScreenshot(which: ViewId | 'layout'): void; onHelp(): void }) {
  const disabled = !useVolumes((state) => state.shown);
  const active = useLayout((state) => state.active);
  const cine = useCine();
  /** Cine plays in the slice view under the mouse, or the one last under it (axial if that was the 3D view). */
  const cineView = () => {
    const { hovered, active: last } = useLayout.getState();
    const view = hovered ?? last;
    return view === 'volume' ? 'axial' : view;
  };
  useShortcut('cine', () => !disabled && cine.toggle(cineView()));
  return (
    <span className="view-actions" role="toolbar" aria-label="View actions">
      <button disabled={disabled} data-testid="cine" aria-pressed={Boolean(cine.playing)} title={`Cine: play through the slices${keyHint('cine')}`} onClick={() => (cine.playing ? cine.stop() : cine.toggle(cineView()))}>
        {cine.playing ? `■ Stop (${cine.playing})` : '▶ Cine'}
      </button>
      <ValueField label="fps" value={cine.fps} min={0} testId="cine-fps" onCommit={cine.setFps} />
      <button disabled={disabled} data-testid="screenshot-view" title={`Save the ${active} view as PNG${keyHint('screenshotView')}`} onClick={() => onScreenshot(active)}>
        PNG view
      </button>
      <button disabled={disabled} data-testid="screenshot-layout" title={`Save the whole layout as PNG${keyHint('screenshotLayout')}`} onClick={() => onScreenshot('layout')}>
        PNG layout
      </button>
      <button className="help-button" data-testid="help-button" title={`Mouse and keys${keyHint('help')}`} onClick={onHelp}>
        ?
      </button>
    </span>
  );
}
