// Starting a batch job: the recipe, where it runs (this computer, or a saved Slurm cluster), and its inputs: scans
// chosen with the host's Open dialog or this computer's file picker (the desktop app may read only what was chosen),
// data-centre datasets picked from a sync target's list, and, for a cluster, paths on its own file system, typed,
// which are read there and never here.
import { useEffect, useRef, useState } from 'react';
import { client } from '../client/client';
import { useBatch, type BatchInput, type ClusterSettings } from '../state/batch';
import { useHostFiles } from '../state/hostFiles';
import { useVolumes } from '../state/volumes';
import { ClusterForm } from './ClusterForm';
import { DatasetPicker } from './DatasetPicker';

const fileName = (path: string) => path.split(/[\\/]/).pop() ?? path;
const lines = (text: string) => text.split('\n').map((line) => line.trim()).filter(Boolean);

function ClusterSummary({ cluster }: { cluster: ClusterSettings }) {
  const removeCluster = useBatch((state) => state.removeCluster);
  return (
    <p className="hint" data-testid="cluster-summary">
      {cluster.username}@{cluster.host}:{cluster.port} · {cluster.partition ? `partition ${cluster.partition}, ` : ''}
      {cluster.throttle} at a time, {cluster.cpus} CPU, {cluster.memMb} MB, {cluster.minutes} min per task{' '}
      <button onClick={() => void removeCluster(cluster.name)} title={`Forget cluster ${cluster.name}`}>
        ✕
      </button>
    </p>
  );
}

/** The run's inputs: scans on this computer (the host's Open dialog or the file picker) and data-centre datasets. */
function ChosenInputs({ inputs, setInputs }: { inputs: BatchInput[]; setInputs(inputs: BatchInput[]): void }) {
  const picker = useRef<HTMLInputElement>(null);
  const [picking, setPicking] = useState(false);
  const desktop = client().transport === 'electron';
  const added = useRef(inputs);
  added.current = inputs;
  const add = (more: BatchInput[]) => setInputs([...added.current, ...more.filter(({ path }) => !added.current.some((input) => input.path === path))]);
  const addScans = (paths: string[]) => add(paths.map((path) => ({ path, label: fileName(path) })));
  return (
    <>
      <div className="batch-scans" data-testid="batch-scans">
        <ul>
          {inputs.map(({ path, label }) => (
            <li key={path} title={path}>
              <span>{label}</span>
              <button onClick={() => setInputs(inputs.filter((other) => other.path !== path))} title={`Leave out ${path}`}>
                ✕
              </button>
            </li>
          ))}
        </ul>
        <div className="row">
          {!desktop && (
            <button onClick={() => void useHostFiles.getState().show({ title: 'Add scans to the batch', choose: (path) => addScans([path]) })} data-testid="batch-add-host">
              Add scans…
            </button>
          )}
          <button onClick={() => picker.current!.click()} title={desktop ? undefined : 'Uploads them to the server first'}>
            {desktop ? 'Add scans…' : 'Upload scans…'}
          </button>
          <button onClick={() => setPicking(true)} disabled={picking} data-testid="batch-add-dataset">
            Add data-centre dataset…
          </button>
        </div>
        <input
          ref={picker}
          type="file"
          hidden
          multiple
          onChange={(event) => {
            const files = Array.from(event.currentTarget.files ?? []);
            event.currentTarget.value = '';
            void Promise.all(files.map((file) => client().pathOf(file))).then(addScans, (error: unknown) => useBatch.setState({ message: error instanceof Error ? error.message : String(error) }));
          }}
        />
      </div>
      {picking && <DatasetPicker onAdd={add} onClose={() => setPicking(false)} />}
    </>
  );
}

export function BatchRunForm() {
  const { run, saveRecipe, saved, clusters, loadClusters, submitting } = useBatch();
  const volumeId = useVolumes((state) => state.shown?.full.id);
  const [form, setForm] = useState({ recipe: '', clusterPaths: '', outDir: '', parallel: '2', target: '' });
  const [inputs, setInputs] = useState<BatchInput[]>([]);
  const [on, setOn] = useState('');
  const [adding, setAdding] = useState(false);
  useEffect(() => void loadClusters(), [loadClusters]);
  const cluster = clusters.find(({ name }) => name === on);
  const field = (key: keyof typeof form, label: string, placeholder?: string) => (
    <label>
      {label} <input aria-label={label} value={form[key]} placeholder={placeholder} spellCheck={false} onChange={(event) => setForm({ ...form, [key]: event.currentTarget.value })} />
    </label>
  );
  const clusterInputs = cluster ? lines(form.clusterPaths) : [];
  const submit = () =>
    void run({
      recipe: form.recipe,
      inputs: inputs.map(({ path }) => path),
      outDir: form.outDir,
      parallel: Math.max(1, Number(form.parallel) || 1),
      ...(cluster ? { cluster: cluster.name, clusterInputs } : {}),
      ...(form.target.trim() && { target: form.target.trim() }),
    });
  return (
    <div className="batch-form">
      {field('recipe', 'Recipe file')}
      {volumeId && (
        <button disabled={!form.recipe} onClick={() => void saveRecipe(volumeId, form.recipe)} title="The parametric steps of this scan's segmentation, in millimetres">
          Save this session as recipe
        </button>
      )}
      {saved && <p className="hint">Saved {saved.steps} steps{saved.notReplayable.length ? `; left out: ${saved.notReplayable.map((step) => step.action).join(', ')}` : ''}</p>}
      <label>
        Run on{' '}
        <select aria-label="Run on" value={cluster?.name ?? ''} onChange={(event) => setOn(event.currentTarget.value)}>
          <option value="">this computer</option>
          {clusters.map(({ name }) => (
            <option key={name} value={name}>
              cluster {name}
            </option>
          ))}
        </select>
      </label>
      {cluster && <ClusterSummary cluster={cluster} />}
      {adding ? (
        <ClusterForm onDone={() => setAdding(false)} />
      ) : (
        <button onClick={() => setAdding(true)} data-testid="cluster-add">
          Add cluster…
        </button>
      )}
      <div className="batch-field">
        <span>Scans on this computer{cluster ? ' (uploaded to the cluster first, once each)' : ''} and datasets of the data centre</span>
        <ChosenInputs inputs={inputs} setInputs={setInputs} />
      </div>
      {cluster && (
        <label className="batch-field">
          <span>Paths on the cluster, one a line: read there, not on this computer (neither checked nor uploaded here)</span>
          <textarea aria-label="Paths on the cluster" rows={3} spellCheck={false} value={form.clusterPaths} onChange={(event) => setForm({ ...form, clusterPaths: event.currentTarget.value })} placeholder="/data/study/scan_001.nii.gz" />
        </label>
      )}
      {cluster ? field('outDir', 'Output folder on the cluster', 'relative: under your home there') : field('outDir', 'Output folder')}
      {!cluster && field('parallel', 'At once')}
      {field('target', 'Publish to target')}
      <button className="primary" disabled={submitting || !form.recipe || !form.outDir || !(inputs.length || clusterInputs.length)} onClick={submit} data-testid="batch-submit">
        {submitting ? 'Submitting…' : cluster ? `Submit to ${cluster.name}` : 'Run here'}
      </button>
    </div>
  );
}
