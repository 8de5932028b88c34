// A voxel size for a scan whose file carries none (a beamline's TIFF stack, a raw HDF5 dataset): the volume opens
// again with it, so lengths, brush sizes and 3D proportions are in real units instead of voxels.
import { useState } from 'react';
import type { Calibration } from '../../electron/common/contract';
import { useVolumes } from '../state/volumes';

const units: Calibration['unit'][] = ['mm', 'µm', 'nm'];

export function VoxelSizeForm() {
  const calibrate = useVolumes((state) => state.calibrate);
  const [open, setOpen] = useState(false);
  const [spacing, setSpacing] = useState(['1', '1', '1']);
  const [unit, setUnit] = useState<Calibration['unit']>('µm');
  const values = spacing.map(Number) as Calibration['spacing'];
  const valid = values.every((value) => Number.isFinite(value) && value > 0);
  if (!open) {
    return (
      <button className="link-button" data-testid="voxel-size-open" title="This file gives no voxel size: set one" onClick={() => setOpen(true)}>
        Set voxel size…
      </button>
    );
  }
  return (
    <form
      className="voxel-size-form"
      data-testid="voxel-size-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (!valid) return;
        setOpen(false);
        void calibrate({ spacing: values, unit });
      }}
    >
      {(['x', 'y', 'z'] as const).map((axis, k) => (
        <label key={axis}>
          {axis}
          <input type="number" min={0} step="any" value={spacing[k]} data-testid={`voxel-size-${axis}`} aria-invalid={!(values[k]! > 0)} onChange={(event) => setSpacing(spacing.map((value, n) => (n === k ? event.currentTarget.value : value)))} />
        </label>
      ))}
      <select aria-label="Unit" value={unit} data-testid="voxel-size-unit" onChange={(event) => setUnit(event.currentTarget.value as Calibration['unit'])}>
        {units.map((option) => (
          <option key={option}>{option}</option>
        ))}
      </select>
      <button type="submit" disabled={!valid} title="Opens the volume again with this voxel size (its segments and measurements are dropped)" data-testid="voxel-size-apply">
        Apply
      </button>
      <button type="button" onClick={() => setOpen(false)}>
        Cancel
      </button>
    </form>
  );
}
