// Per-segment statistics on demand (Slicer's Segment Statistics): voxels, volume, mean ± std of the image.
import { useState } from 'react';
import type { ResultOf } from '../../electron/common/contract';
import { client } from '../client/client';
import { reportError } from '../state/errors';
import { useSegments } from '../state/segments';

type Statistics = ResultOf<'segment.statistics'>;

/** 14,136,887 or 0.5213: thousands separated, four significant digits below 1000. */
const formatMeasure = (value: number) =>
  Math.abs(value) >= 1000 ? Math.round(value).toLocaleString('en-US') : value === 0 ? '0' : value.toPrecision(4).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');

/** A volume in its unit cubed (mm³, µm³); a scan without a voxel size has no physical volume to show. */
const formatVolume = (volume: number, unit: string) => (unit === 'voxel' ? '—' : `${formatMeasure(volume)} ${unit}³`);

export function SegmentStatistics() {
  const info = useSegments((state) => state.info);
  const [rows, setRows] = useState<{ revision: number; statistics: Statistics }>();
  if (!info) return null;
  const measure = () =>
    client()
      .call('segment.statistics', { volumeId: info.volumeId })
      .then((statistics) => setRows({ revision: info.revision, statistics }))
      .catch((reason: unknown) => reportError('Segment statistics', reason));
  const stale = rows && rows.revision !== info.revision;
  return (
    <>
      <button onClick={() => void measure()} data-testid="measure-segments">{rows ? (stale ? 'Measure again (segments changed)' : 'Measure again') : 'Measure segments'}</button>
      {rows && (
        <table className="statistics" data-testid="segment-statistics">
          <thead>
            <tr><th>Segment</th><th className="number">Voxels</th><th className="number">Volume</th><th className="number">Mean ± SD</th></tr>
          </thead>
          <tbody>
            {rows.statistics.map((row) => (
              <tr key={row.value}>
                <td className="name">{row.name}</td>
                <td className="number" data-voxels={row.voxels}>{row.voxels.toLocaleString('en-US')}</td>
                <td className="number" title={row.unit === 'voxel' ? 'The scan has no voxel size' : undefined}>{formatVolume(row.volume, row.unit)}</td>
                <td className="number">{row.voxels ? `${formatMeasure(row.mean)} ± ${formatMeasure(row.std)}` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
