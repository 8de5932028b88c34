// Export of the segmentation (the labelmap with its segment table) and of its statistics as CSV. The desktop app
// asks where to save and writes there (segment.export / segment.exportStatistics); browser mode has no save dialog,
// so the file downloads from the bulk routes segment/{id}/export/{name} and segment/{id}/statistics.csv.
import { useState } from 'react';
import { client } from '../client/client';
import { routes } from '../../electron/common/routes';
import { download } from '../client/download';
import { useSegments } from '../state/segments';
import { useVolumes } from '../state/volumes';

const FORMATS = [
  { extension: '.seg.nrrd', label: '.seg.nrrd (3D Slicer)' },
  { extension: '.nii.gz', label: '.nii.gz (NIfTI)' },
  { extension: '.nii', label: '.nii (NIfTI, uncompressed)' },
  { extension: '.h5', label: '.h5 (HDF5 with segment table)' },
  { extension: '.dcm', label: '.dcm (DICOM SEG on the source series)' },
] as const;

/** A scan's name without its extensions, as a plain file name ("phantom.nii.gz" → "phantom"). */
const stemOf = (name: string) => name.replace(/(\.[a-z0-9]+)?\.(gz|bz2)$|\.[a-z0-9]+$/i, '').replace(/[^\w.-]+/g, '_').replace(/^\.+/, '') || 'segmentation';

export function SegmentExport() {
  const info = useSegments((state) => state.info);
  const fail = useVolumes((state) => state.fail);
  const volumeName = useVolumes((state) => state.volumes.find((volume) => volume.id === info?.volumeId)?.name);
  const [format, setFormat] = useState<string>(FORMATS[0].extension);
  if (!info) return null;
  const { volumeId } = info;
  const stem = stemOf(volumeName ?? '');
  const labelmap = `${stem}-segments${format}`;
  const statistics = `${stem}-statistics.csv`;
  /** Desktop: the save dialog, then `write` (a contract call) saves there. Browser: a download from `route`. */
  const save = (name: string, route: string, write: (path: string) => Promise<unknown>) =>
    client().transport === 'electron'
      ? void client().call('dialog.saveFile', { suggestedName: name }).then(({ path }) => path && write(path)).catch(fail)
      : download(client().dataUrl(route), name);
  return (
    <>
      <label className="value-field">
        Format
        <select value={format} onChange={(event) => setFormat(event.currentTarget.value)} aria-label="Export format" data-testid="export-format">
          {FORMATS.map(({ extension, label }) => (
            <option key={extension} value={extension}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <div className="field-row">
        <button
          disabled={info.segments.length === 0}
          onClick={() => save(labelmap, routes.segmentExport.path({ volumeId, fileName: labelmap }), (path) => client().call('segment.export', { volumeId, path }))}
          title="The labelmap with each segment's name, colour and label value"
          data-testid="export-segments"
        >
          Export…
        </button>
        <button
          onClick={() => save(statistics, routes.segmentStatistics.path({ volumeId }), (path) => client().call('segment.exportStatistics', { volumeId, path }))}
          title="Voxels, volume, intensity and surface area per segment"
          data-testid="export-statistics"
        >
          Statistics CSV
        </button>
      </div>
    </>
  );
}
