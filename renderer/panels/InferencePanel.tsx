// AI segmentation: pick a model from the library (or add a .json + .onnx pair), run it on the volume on
// screen with a progress bar and cancel, and see which provider ran it and what it found.
import { useEffect, useRef } from 'react';
import { useInference } from '../state/inference';
import { useVolumes } from '../state/volumes';

// Sits at the foot of the left column, above the help button, so it needs no cell of the app's grid and never
// covers a view.
const panelStyle: React.CSSProperties = { position: 'fixed', left: 0, bottom: 48, width: 220, zIndex: 1, borderTop: '1px solid var(--line)', display: 'flex', flexDirection: 'column', gap: 6, overflow: 'hidden' };
const oneLine: React.CSSProperties = { whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' };
const swatch = (color: [number, number, number]): React.CSSProperties => ({ display: 'inline-block', width: 10, height: 10, marginRight: 6, background: `rgb(${color.join(',')})` });

export function InferencePanel() {
  const { client, shown } = useVolumes();
  const { models, chosen, status, progress, result, message, load, choose, run, cancel, add } = useInference();
  const picker = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (client) void load(client);
  }, [client, load]);

  const runnable = models.filter((model) => !model.problem && model.task === 'segmentation');
  const running = status === 'running';
  return (
    <aside className="panel inference-panel" aria-label="Inference" style={panelStyle}>
      <h2 style={{ margin: 0 }}>AI segmentation</h2>
      <select aria-label="Model" data-testid="inference-model" value={chosen ?? ''} disabled={running} onChange={(event) => choose(event.currentTarget.value)}>
        {runnable.map((model) => (
          <option key={model.name} value={model.name} title={model.description}>
            {model.name} {model.version}
            {model.bundled ? ' (bundled)' : ''}
          </option>
        ))}
      </select>
      <div className="field-row">
        <button className="primary" data-testid="inference-run" disabled={!client || !shown || !chosen || running} onClick={() => void run(client!, shown!.full.id)}>
          Run
        </button>
        {running ? (
          <button data-testid="inference-cancel" onClick={() => void cancel(client!)}>
            Cancel
          </button>
        ) : (
          <button title="Add a model: pick its .json manifest and .onnx file together" onClick={() => picker.current!.click()}>
            Add…
          </button>
        )}
      </div>
      <input
        ref={picker}
        type="file"
        accept=".json,.onnx"
        multiple
        hidden
        data-testid="inference-add"
        onChange={(event) => {
          void add(client!, [...(event.currentTarget.files ?? [])]);
          event.currentTarget.value = '';
        }}
      />
      {running && (
        <>
          <progress data-testid="inference-progress" max={progress.total || 1} value={progress.done} style={{ width: '100%' }} />
          <span className="hint" style={oneLine} title={progress.message}>
            {progress.message}
          </span>
        </>
      )}
      {message && (
        <span className={status === 'error' ? 'status error' : 'hint'} data-testid="inference-message">
          {message}
        </span>
      )}
      {status === 'done' &&
        result?.skippedProviders.map(({ provider, reason }) => (
          <span key={provider} className="hint" title={reason} style={oneLine}>
            {provider.toUpperCase()} not used: {reason}
          </span>
        ))}
      {status === 'done' && (
        <ul className="volume-list" data-testid="inference-labels">
          {result?.labels.map(({ value, name, color, voxels }) => (
            <li key={value} style={oneLine}>
              <span style={swatch(color)} />
              {name}: {voxels.toLocaleString()} voxels
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}
