// Name, size and geometry of the volume on screen, or what is loading, or what went wrong.
import { useVolumes } from '../state/volumes';

const format = (values: number[]) => values.map((value) => +value.toFixed(4)).join(' × ');

export function VolumeInfoBar() {
  const { shown, status, message, openChoice, refining, slicesLoading } = useVolumes();
  const info = shown?.full;
  const frames = info?.frames;
  return (
    <header className="info-bar" data-status={status}>
      <span className="brand">Voxbench</span>
      {info && (
        <span className="volume-facts" data-testid="volume-facts">
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
      <LoadingIndicator refining={refining} slices={slicesLoading} />
      {message && <span className={`status ${status}`} role={status === 'error' ? 'alert' : 'status'}>{message}</span>}
    </header>
  );
}

/** What is still arriving while the views already show something: a finer level, full-resolution slices. */
function LoadingIndicator({ refining, slices }: { refining?: { what: string; fraction: number }; slices: number }) {
  const parts = [refining && `${refining.what} ${Math.round(refining.fraction * 100)} %`, slices > 0 && `full-resolution slice${slices > 1 ? 's' : ''} (${slices})`].filter(Boolean);
  return (
    <span className="loading-indicator" data-testid="loading-indicator" data-busy={parts.length > 0} role="status">
      {parts.length > 0 && (
        <>
          <progress value={refining?.fraction} max={1} />
          loading {parts.join(', ')}
        </>
      )}
    </span>
  );
}
