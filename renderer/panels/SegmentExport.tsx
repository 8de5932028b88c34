// Export of the segmentation (the labelmap with its segment table) and of its statistics as CSV, downloaded from
// the bulk routes segment/{id}/export/{name} and segment/{id}/statistics.csv: browser mode has no save dialog.
import { useState } from 'react';
import { download } from '../download';
import { useSegments } from '../state/segments';
import { useVolumes } from '../state/volumes';

const FORMATS = [
  { extension: '.seg.nrrd', label: '3D Slicer (.seg.nrrd)' },
  { extension: '.nii.gz', label: 'NIfTI (.nii.gz)' },
  { extension: '.nii', label: 'NIfTI, uncompressed (.nii)' },
  { extension: '.h5', label: 'HDF5 with segment table (.h5)' },
] as const;

/** A scan's name without its extensions, as a plain file name ("phantom.nii.gz" → "phantom"). */
const stemOf = (name: string) => name.replace(/(\.[a-z0-9]+)?\.(gz|bz2)$|\.[a-z0-9]+$/i, '').replace(/[^\w.-]+/g, '_').replace(/^\.+/, '') || 'segmentation';

export function SegmentExport() {
  const { client, info } = useSegments();
  const volumeName = useVolumes((state) => state.volumes.find((volume) => volume.id === info?.volumeId)?.name);
  const [format, setFormat] = useState<string>(FORMATS[0].extension);
  if (!client || !info) return null;
  const stem = stemOf(volumeName ?? '');
  const labelmap = `${stem}-segments${format}`;
  return (
    <div className="field-row">
      <select value={format} onChange={(event) => setFormat(event.currentTarget.value)} aria-label="Export format" data-testid="export-format">
        {FORMATS.map(({ extension, label }) => (
          <option key={extension} value={extension}>
            {label}
          </option>
        ))}
      </select>
      <button
        disabled={info.segments.length === 0}
        onClick={() => download(client.dataUrl(`segment/${info.volumeId}/export/${encodeURIComponent(labelmap)}`), labelmap)}
        title="The labelmap with each segment's name, colour and label value"
        data-testid="export-segments"
      >
        Export…
      </button>
      <button onClick={() => download(client.dataUrl(`segment/${info.volumeId}/statistics.csv`), `${stem}-statistics.csv`)} title="Voxels, volume, intensity and surface area per segment" data-testid="export-statistics">
        Statistics CSV
      </button>
    </div>
  );
}
