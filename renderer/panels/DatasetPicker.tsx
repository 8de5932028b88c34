// "Add data-centre dataset…": the datasets of a chosen sync target (sync.datasets, as the Sync panel lists them),
// narrowed by a filter, several ticked at once, added to the batch as s3://<target>/<dataset key> inputs.
import { useEffect, useState } from 'react';
import type { BatchInput } from '../state/batch';
import { useSync } from '../state/sync';
import { datasetName, datasetSummary } from './syncFormat';

export function DatasetPicker({ onAdd, onClose }: { onAdd(inputs: BatchInput[]): void; onClose(): void }) {
  const { targets, datasets, message, start, browse } = useSync();
  const [target, setTarget] = useState('');
  const [filter, setFilter] = useState('');
  const [ticked, setTicked] = useState<string[]>([]);
  useEffect(() => void start(), [start]);
  const chosen = target || targets[0]?.name || '';
  useEffect(() => {
    if (chosen) void browse(chosen);
  }, [chosen, browse]);
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const listed = (datasets[chosen] ?? []).filter((dataset) => words.every((word) => `${datasetName(dataset)} ${dataset.datasetKey}`.toLowerCase().includes(word)));
  const tick = (key: string, on: boolean) => setTicked(on ? [...ticked, key] : ticked.filter((other) => other !== key));
  const add = () => {
    const named = new Map((datasets[chosen] ?? []).map((dataset) => [dataset.datasetKey, datasetName(dataset)]));
    onAdd(ticked.map((key) => ({ path: `s3://${chosen}/${key}`, label: `${chosen} / ${named.get(key) ?? key}` })));
    setTicked([]);
  };
  if (!targets.length) {
    return (
      <div className="dataset-picker" data-testid="dataset-picker">
        <p className="hint">No sync targets yet: add one in the Sync panel first.</p>
        <button onClick={onClose}>Close</button>
      </div>
    );
  }
  return (
    <div className="dataset-picker" data-testid="dataset-picker">
      <div className="row">
        <select aria-label="Dataset target" value={chosen} onChange={(event) => {
            setTarget(event.currentTarget.value);
            setTicked([]);
          }}
        >
          {targets.map(({ name }) => (
            <option key={name}>{name}</option>
          ))}
        </select>
        <input aria-label="Filter datasets" placeholder="Filter by name" spellCheck={false} value={filter} onChange={(event) => setFilter(event.currentTarget.value)} />
      </div>
      <ul>
        {datasets[chosen] === undefined && <li className="hint">Listing {chosen}…</li>}
        {datasets[chosen]?.length === 0 && <li className="hint">No datasets on {chosen} yet.</li>}
        {listed.map((dataset) => (
          <li key={dataset.datasetKey} data-dataset={dataset.datasetKey}>
            <label title={`s3://${chosen}/${dataset.datasetKey}`}>
              <input type="checkbox" checked={ticked.includes(dataset.datasetKey)} onChange={(event) => tick(dataset.datasetKey, event.currentTarget.checked)} />
              <span>{datasetName(dataset)}</span>
              <span className="hint">{datasetSummary(dataset)}</span>
            </label>
          </li>
        ))}
      </ul>
      {message && <p className="error">{message}</p>}
      <div className="row">
        <button className="primary" disabled={!ticked.length} onClick={add} data-testid="dataset-picker-add">
          {ticked.length ? `Add ${ticked.length} dataset${ticked.length === 1 ? '' : 's'}` : 'Add datasets'}
        </button>
        <button onClick={onClose}>Done</button>
      </div>
    </div>
  );
}
