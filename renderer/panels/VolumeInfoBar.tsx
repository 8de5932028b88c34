// Name, size and geometry of the volume on screen and the long tasks under way (errors: ErrorList.tsx).
import type { ReactNode } from 'react';
import type { JobKind } from '../state/jobIds';
import { useJobs } from '../state/jobs';
import { useVolumes } from '../state/volumes';
import { JobProgress } from './JobProgress';
import { VoxelSizeForm } from './VoxelSizeForm';

const format = (values: number[]) => values.map((value) => +value.toFixed(4)).join(' × ');

/** `children`: what acts on the views, at the bar's right end. */
export function VolumeInfoBar({ children }: { children?: ReactNode }) {
  const { shown, status, message, openChoice } = useVolumes();
  const info = shown?.full;
  const frames = info?.frames;
  return (
    <header className="info-bar" data-status={status}>
      <span className="brand">Voxbench</span>
      {info && (
        <span className="volume-facts" data-testid="volume-facts" title={`${info.name} · ${info.dims.join(' × ')} voxels · ${format(info.spacing)} ${info.unit} · ${info.storedType}`}>
          <b data-testid="volume-name">{info.name}</b>
          <span data-testid="volume-dims">{info.dims.join(' × ')} voxels</span>
          {shown.level > 0 && (
            <span data-testid="volume-level" title="The volume is larger than the viewer keeps in memory: a pyramid level is shown">
              showing level {shown.level} ({shown.info.dims.join(' × ')})
            </span>
          )}
          <span data-testid="volume-spacing">
            {format(info.spacing)} {info.unit}
          </span>
          <span>{info.storedType}</span>
          <span>
            values {+info.range[0].toFixed(3)} … {+info.range[1].toFixed(3)}
            {info.valueUnit ? ` ${info.valueUnit}` : ''}
          </span>
          {info.dataset && <span title="HDF5 dataset">{info.dataset}</span>}
          {frames && (
            <label className="frame-picker">
              frame
              <input
                type="number"
                min={1}
                max={frames.count}
                defaultValue={frames.shown + 1}
                key={info.id}
                data-testid="frame"
                onChange={(event) => {
                  const frame = Number(event.currentTarget.value) - 1;
                  if (frame >= 0 && frame < frames.count) void openChoice(info.path, info.dataset ?? '', frame);
                }}
              />
              of {frames.count}
            </label>
          )}
        </span>
      )}
      {info?.unit === 'voxel' && <VoxelSizeForm key={info.id} />}
      <JobsIndicator />
      {message && <span className="status" role="status">{message}</span>}
      {children}
    </header>
  );
}

/** Edits and inference runs show in their own panels. */
const SHOWN_IN_PANELS: JobKind[] = ['segment', 'inference'];

/** The long tasks under way (opening, loading, slices, surfaces, sync pushes), each with its bar. */
function JobsIndicator() {
  const jobs = useJobs((state) => state.jobs).filter((job) => !SHOWN_IN_PANELS.includes(job.kind));
  return (
    <span className="loading-indicator" data-testid="loading-indicator" data-busy={jobs.length > 0} role="status">
      {jobs.map((job) => (
        <JobProgress key={job.id} job={job} />
      ))}
    </span>
  );
}
