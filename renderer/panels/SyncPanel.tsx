// The Sync panel: data-centre targets, the queue (progress, rate, time left, pause/resume/cancel, failures in
// words with a retry button), the history, and the datasets on a target to pull back and open, or to open in place (OME-Zarr).
// It is a drawer over the views, opened from its button, so the viewer's layout stays as it is.
import { client } from '../client/client';
import { useEffect, useState, type CSSProperties } from 'react';
import { useSegments } from '../state/segments';
import { useSync, type JobAction, type JobView, type PushLayout } from '../state/sync';
import { useVolumes } from '../state/volumes';
import { BurnedInConfirm } from './BurnedInConfirm';
import { bytes, datasetName, datasetSummary, duration } from './syncFormat';
import { SyncTargetForm } from './SyncTargetForm';

const styles: Record<string, CSSProperties> = {
  toggle: { position: 'fixed', right: 12, bottom: 12, zIndex: 20 },
  drawer: { position: 'fixed', right: 12, bottom: 52, width: 380, maxHeight: '75vh', overflow: 'auto', zIndex: 20, border: '1px solid var(--line)', borderRadius: 6, boxShadow: '0 6px 24px #0008' },
  job: { borderTop: '1px solid var(--line)', padding: '6px 0' },
  bar: { width: '100%', height: 6, background: '#262b33', borderRadius: 3, overflow: 'hidden', margin: '4px 0' },
  row: { display: 'flex', gap: 6, alignItems: 'center', flexWrap: 'wrap' },
  error: { color: 'var(--danger)', whiteSpace: 'normal' },
  done: { color: '#3fb950', fontWeight: 700 },
};

const actionsFor: Record<JobView['state'], [JobAction, string][]> = {
  queued: [['sync.pause', 'Pause'], ['sync.cancel', 'Cancel']],
  uploading: [['sync.pause', 'Pause'], ['sync.cancel', 'Cancel']],
  registering: [['sync.pause', 'Pause']],
  paused: [['sync.resume', 'Resume'], ['sync.cancel', 'Cancel']],
  failed: [['sync.retry', 'Retry'], ['sync.cancel', 'Cancel']],
  done: [],
  cancelled: [],
};

function JobRow({ job }: { job: JobView }) {
  const act = useSync((state) => state.act);
  const { building } = job;
  const fraction = building ? building.done / Math.max(1, building.total) : job.bytesTotal ? job.bytesDone / job.bytesTotal : 1;
  return (
    <li style={styles.job} data-testid="sync-job" data-state={job.state}>
      <div style={styles.row}>
        {job.state === 'done' && (
          <span style={styles.done} data-testid="sync-done" title="Uploaded, checked and catalogued">
            ✓
          </span>
        )}
        <b>{job.description || job.files.map(({ name }) => name).join(', ')}</b>
        <span className="hint">
          → {job.target} · {job.state}
        </span>
      </div>
      {job.state !== 'done' && job.state !== 'cancelled' && (
        <>
          <div style={styles.bar}>
            <div style={{ width: `${fraction * 100}%`, height: '100%', background: 'var(--accent)' }} />
          </div>
          <div className="hint" data-testid="sync-job-progress">
            {building ? `Building the multiscale pyramid: ${Math.floor(fraction * 100)} % · ${bytes(job.bytesDone)} sent as it is written` : `${bytes(job.bytesDone)} of ${bytes(job.bytesTotal)}`}
            {job.rate > 0 && ` · ${bytes(job.rate)}/s`}
            {job.etaSeconds !== undefined && ` · ${duration(job.etaSeconds)} left`}
          </div>
        </>
      )}
      {job.error && (
        <p style={styles.error} data-testid="sync-job-error">
          {job.error.message}
        </p>
      )}
      <div style={styles.row}>
        {actionsFor[job.state].map(([action, label]) => (
          <button key={action} onClick={() => void act(action, job.id)}>
            {label}
          </button>
        ))}
      </div>
    </li>
  );
}

function Datasets({ target }: { target: string }) {
  const { datasets, browse, pull } = useSync();
  const openPath = useVolumes((state) => state.openPath);
  const found = datasets[target];
  const pullAndOpen = async (datasetKey: string) => {
    const [first] = await pull(target, datasetKey);
    if (first) await openPath(first);
  };
  return (
    <div>
      <button onClick={() => void browse(target)}>Datasets on {target}</button>
      {found && (
        <ul style={{ listStyle: 'none', padding: 0 }}>
          {found.length === 0 && <li className="hint">None yet.</li>}
          {found.map((dataset) => (
            <li key={dataset.datasetKey} style={styles.row}>
              <span title={dataset.files.map(({ name, sha256 }) => `${name} sha256:${sha256}`).join('\n')}>
                {datasetName(dataset)} ({datasetSummary(dataset)})
              </span>
              {dataset.omeZarr ? (
                <button data-testid="sync-open-in-place" title={`Stream ${dataset.omeZarr.name} (${bytes(dataset.omeZarr.bytes)}) from ${target}: the chunks the views show, never the whole store`} onClick={() => void openPath(dataset.omeZarr!.location)}>
                  Open in place
                </button>
              ) : (
                <button onClick={() => void pullAndOpen(dataset.datasetKey)}>Pull and open</button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function SyncPanel() {
  const shown = useVolumes((state) => state.shown);
  const segmented = useSegments((state) => state.info?.volumeId === shown?.full.id && (state.info?.segments.length ?? 0) > 0);
  const { targets, jobs, message, start, push, pushLabels, removeTarget } = useSync();
  const [open, setOpen] = useState(false);
  const [adding, setAdding] = useState(false);
  const [target, setTarget] = useState('');
  const [description, setDescription] = useState('');
  const [layout, setLayout] = useState<PushLayout>('files');
  // Opened in place from a dataset: the scan is already there, its labels go back as OME-Zarr.
  const inPlace = shown?.full.path.startsWith('s3://') ? shown : undefined;

  useEffect(() => {
    void start();
  }, [start]);

  const chosen = target || targets[0]?.name || '';
  const queue = jobs.filter(({ state }) => state !== 'done' && state !== 'cancelled');
  const history = jobs.filter(({ state }) => state === 'done' || state === 'cancelled');
  const active = queue.some(({ state }) => state === 'uploading' || state === 'registering');
  return (
    <>
      <button style={styles.toggle} data-testid="sync-toggle" onClick={() => setOpen(!open)} title="Send results to the data centre">
        Sync{active ? ' ⟳' : ''}
      </button>
      {open && (
        <aside className="panel" style={styles.drawer} data-testid="sync-panel">
          <h2>Targets</h2>
          <ul style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {targets.map(({ name, endpoint, bucket, catalogue }) => (
              <li key={name} style={styles.row}>
                <b>{name}</b>
                <span className="hint">
                  {endpoint}/{bucket}
                  {catalogue ? ' + catalogue' : ''}
                </span>
                <button onClick={() => void removeTarget(name)} title={`Forget target ${name}`}>
                  ✕
                </button>
              </li>
            ))}
          </ul>
          {adding ? <SyncTargetForm keychain={client().transport === 'electron'} onDone={() => setAdding(false)} /> : <button onClick={() => setAdding(true)}>Add target…</button>}
          <h2>Push</h2>
          <div style={{ display: 'grid', gap: 4 }}>
            <select aria-label="Target" value={chosen} onChange={(event) => setTarget(event.currentTarget.value)}>
              {targets.map(({ name }) => (
                <option key={name}>{name}</option>
              ))}
            </select>
            <textarea aria-label="Description" placeholder="What this is, for the people who find it" value={description} onChange={(event) => setDescription(event.currentTarget.value)} />
            {inPlace ? (
              <button className="primary" disabled={!chosen || !segmented} data-testid="sync-push-labels" onClick={() => void pushLabels(chosen, inPlace.full.id, description)}>
                {segmented ? `Push the labels of ${inPlace.full.name} (OME-Zarr)` : `Segment ${inPlace.full.name} to push its labels`}
              </button>
            ) : (
              <>
                <select aria-label="Push as" data-testid="sync-layout" value={layout} onChange={(event) => setLayout(event.currentTarget.value as PushLayout)}>
                  <option value="files">As files (the scan{segmented ? ' and its segmentation' : ''})</option>
                  <option value="ome-zarr">As OME-Zarr, to open in place (the scan)</option>
                </select>
                <button className="primary" disabled={!chosen || !shown} title={!chosen ? 'Add a target first' : !shown ? 'Open a scan first' : undefined} data-testid="sync-push" onClick={() => void push(chosen, shown!.full.id, description, layout)}>
                  {layout === 'ome-zarr' ? 'Publish' : 'Push'} {shown?.full.name ?? 'the open scan'}
                  {segmented && layout === 'files' ? ' and its segmentation' : ''}
                  {shown?.full.format === 'dicom' && layout === 'files' ? ', de-identified' : ''}
                </button>
              </>
            )}
          </div>
          {message && (
            <p style={styles.error} data-testid="sync-message">
              {message}
            </p>
          )}
          <h2>Queue</h2>
          <ul style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {queue.length ? queue.map((job) => <JobRow key={job.id} job={job} />) : <li className="hint">Nothing waiting.</li>}
          </ul>
          <h2>History</h2>
          <ul style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="sync-history">
            {history.map((job) => (
              <JobRow key={job.id} job={job} />
            ))}
          </ul>
          {chosen && <Datasets target={chosen} />}
        </aside>
      )}
      <BurnedInConfirm />
    </>
  );
}
