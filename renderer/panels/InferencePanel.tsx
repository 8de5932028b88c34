// AI segmentation: pick a model from the library (or add a .json + .onnx pair), run it on the volume on
// screen with a progress bar and cancel, and see which provider ran it and what it found. A prompt model runs
// on the points and box placed in a slice view and shows a preview to accept or reject.
import { useEffect, useRef } from 'react';
import { keyHint } from '../keys/shortcuts';
import { useInference } from '../state/inference';
import { useJob } from '../state/jobs';
import { useVolumes } from '../state/volumes';
import { JobProgress } from './JobProgress';
import { useShortcut } from '../keys/useShortcut';

const swatch = (color: [number, number, number]): React.CSSProperties => ({ background: `rgb(${color.join(',')})` });

export function InferencePanel() {
  const shown = useVolumes((state) => state.shown);
  const { models, chosen, status, job, result, message, load, choose, run, add } = useInference();
  const progress = useJob(job);
  const { prompts, negative, preview, prompting, setNegative, clearPrompts, runPrompt, accept, reject } = useInference();
  const picker = useRef<HTMLInputElement>(null);
  const promptMode = prompting();
  const hasPrompts = Boolean(prompts.box || prompts.points.length);
  useShortcut('closeHelp', clearPrompts, promptMode && hasPrompts);
  useShortcut('togglePromptNegative', () => setNegative(!negative), promptMode);

  useEffect(() => {
    void load();
  }, [load]);

  const volumeId = shown?.full.id;
  const running = status === 'running';
  return (
    <aside className="panel inference-panel" aria-label="Inference">
      <select aria-label="Model" data-testid="inference-model" value={chosen ?? ''} disabled={running} onChange={(event) => choose(event.currentTarget.value)}>
        {models.map((model) => (
          <option key={model.name} value={model.name} title={model.description}>
            {model.name} {model.version}
            {model.bundled ? ' (bundled)' : ''}
          </option>
        ))}
      </select>
      <div className="field-row">
        <button className="primary" data-testid="inference-run" disabled={!shown || !chosen || running} onClick={() => void (promptMode ? runPrompt(volumeId!) : run(volumeId!))}>
          Run
        </button>
        {!running && (
          <button title="Add a model: pick its .json manifest and .onnx file together" onClick={() => picker.current!.click()}>
            Add…
          </button>
        )}
      </div>
      {promptMode && (
        <div className="prompt-mode" data-testid="inference-prompt-mode">
          {preview && (
            <div className="field-row">
              <button className="primary" data-testid="inference-accept" onClick={() => void accept(volumeId!)}>
                Accept
              </button>
              <button data-testid="inference-reject" onClick={() => void reject(volumeId!)}>
                Reject
              </button>
            </div>
          )}
          <span className="hint">Click a slice for a point, drag for a box; Esc clears.</span>
          <label className="check-row">
            <input type="checkbox" checked={negative} onChange={(event) => setNegative(event.currentTarget.checked)} data-testid="inference-negative" />
            Negative points{keyHint('togglePromptNegative')}
          </label>
          <span className="hint one-line" data-testid="inference-prompts">
            {prompts.points.length} point{prompts.points.length === 1 ? '' : 's'}
            {prompts.box && `, box ${prompts.box.min.join(',')} – ${prompts.box.max.join(',')}`}
          </span>
          {hasPrompts && <button onClick={clearPrompts}>Clear prompts</button>}
        </div>
      )}
      <input
        ref={picker}
        type="file"
        accept=".json,.onnx"
        multiple
        hidden
        data-testid="inference-add"
        onChange={(event) => {
          void add([...(event.currentTarget.files ?? [])]);
          event.currentTarget.value = '';
        }}
      />
      {running && progress && <JobProgress job={progress} testId="inference-progress" />}
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
      {status === 'done' && result && (
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
