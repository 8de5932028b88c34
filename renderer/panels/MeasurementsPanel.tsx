// The measuring tools and every measurement drawn: pick the left button's tool, select a measurement (the
// views jump to its slice), rename it, delete it.
import { useMeasurements, type LeftTool } from '../state/measurements';
import { useView } from '../state/view';
import { useVolumes } from '../state/volumes';
import { keyHint, type KeyShortcutId } from '../keys/shortcuts';
import { chooseMeasuringTool } from '../tools/slice/leftButton';
import { useShortcut } from '../keys/useShortcut';
import { measurementLines } from '../views/slice/MeasurementOverlay';

const tools: { id: LeftTool; label: string; key: KeyShortcutId }[] = [
  { id: 'crosshair', label: '✛', key: 'toolCrosshair' },
  { id: 'ruler', label: 'Ruler', key: 'toolRuler' },
  { id: 'angle', label: 'Angle', key: 'toolAngle' },
  { id: 'ellipse', label: 'Ellipse', key: 'toolEllipse' },
  { id: 'rectangle', label: 'Rect', key: 'toolRectangle' },
];

export function MeasurementsPanel() {
  const { items: all, selected, tool, select, update, remove } = useMeasurements();
  const shown = useVolumes((state) => state.shown);
  const items = all.filter((item) => item.volumeId === shown?.full.id);
  for (const { id, key } of tools) useShortcut(key, () => chooseMeasuringTool(id)); // a fixed list: the same hooks on every render
  useShortcut('deleteMeasurement', () => selected && remove(selected));

  const jumpTo = (id: string) => {
    const item = items.find((candidate) => candidate.id === id)!;
    select(id);
    useView.getState().setCursor(item.points[0]!);
  };

  return (
    <aside className="panel measurements-panel" aria-label="Measurements">
      <h2>Measure</h2>
      <div className="segmented tools" role="group" aria-label="Left button">
        {tools.map(({ id, label, key }) => (
          <button key={id} aria-pressed={tool === id} data-tool={id} title={`${id === 'crosshair' ? 'Crosshair' : label}${keyHint(key)}`} onClick={() => chooseMeasuringTool(id)}>
            {label}
          </button>
        ))}
      </div>
      <h2>Measurements</h2>
      {items.length === 0 && <p className="hint">Pick a tool, then drag in a slice view.</p>}
      <ul className="measurement-list">
        {items.map((item) => (
          <li key={item.id} className={item.id === selected ? 'selected' : ''} data-testid="measurement-row" data-kind={item.kind} data-name={item.name} data-stats={item.stats && JSON.stringify(item.stats)} onClick={() => jumpTo(item.id)}>
            <div className="measurement-head">
              <input
                key={item.name}
                aria-label="Name"
                defaultValue={item.name}
                onBlur={(event) => event.currentTarget.value.trim() && update(item.id, { name: event.currentTarget.value.trim() })}
                onKeyDown={(event) => event.key === 'Enter' && event.currentTarget.blur()}
              />
              <button aria-label={`Delete ${item.name}`} title={`Delete${keyHint('deleteMeasurement')}`} onClick={(event) => (event.stopPropagation(), remove(item.id))}>
                ×
              </button>
            </div>
            <div className="measurement-value" data-testid="measurement-value">
              {measurementLines(item, shown?.full.unit ?? 'mm', shown?.full.valueUnit).map((line) => (
                <div key={line}>{line}</div>
              ))}
            </div>
          </li>
        ))}
      </ul>
    </aside>
  );
}
