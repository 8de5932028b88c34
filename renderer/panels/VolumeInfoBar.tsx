// Name, size and geometry of the volume on screen, or what is loading, or what went wrong.
import { useVolumes } from '../state/volumes';

const format = (values: number[]) => values.map((value) => +value.toFixed(4)).join(' × ');

export function VolumeInfoBar() {
  const { shown, status, message } = useVolumes();
  const info = shown?.info;
  return (
    <header className="info-bar" data-status={status}>
      <span className="brand">Voxbench</span>
      {info && (
        <span className="volume-facts" data-testid="volume-facts">
          <b data-testid="volume-name">{info.name}</b>
          <span data-testid="volume-dims">{info.dims.join(' × ')} voxels</span>
          <span data-testid="volume-spacing">
            {format(info.spacing)} {info.unit}
          </span>
          <span>{info.storedType}</span>
          <span>
            values {+info.range[0].toFixed(3)} … {+info.range[1].toFixed(3)}
            {info.valueUnit ? ` ${info.valueUnit}` : ''}
          </span>
          {info.dataset && <span title="HDF5 dataset">{info.dataset}</span>}
        </span>
      )}
      {message && <span className={`status ${status}`} role={status === 'error' ? 'alert' : 'status'}>{message}</span>}
    </header>
  );
}
