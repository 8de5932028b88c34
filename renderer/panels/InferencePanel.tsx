// AI segmentation: pick a model from the library (or add a .json + .onnx pair), run it on the volume on
// screen with a progress bar and cancel, and see which provider ran it and what it found.
import { useEffect, useRef } from 'react';
import { useInference } from '../state/inference';
import { useVolumes } from '../state/volumes';

const swatch = (color: [number, number, number]): React.CSSProperties => ({ background: `rgb(${color.join(',')})` });

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
    <aside className="panel inference-panel" aria-label="Inference">
      <h2>AI segmentation</h2>
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
          <progress data-testid="inference-progress" max={progress.total || 1} value={progress.done} />
          <span className="hint one-line" title={progress.message}>
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
          <span key={provider} className="hint one-line" title={reason}>
            {provider.toUpperCase()} not used: {reason}
          </span>
        ))}
      {status === 'done' && (
        <ul className="volume-list" data-testid="inference-labels">
          {result?.labels.map(({ value, name, color, voxels }) => (
            <li key={value} className="one-line">
              <span className="label-swatch" style={swatch(color)} />
              {name}: {voxels.toLocaleString()} voxels
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}
