// Open scans (the Open dialog on the host's folders; an upload or the desktop app's system dialog for the rest)
// and list the ones open.
import { useRef } from 'react';
import type { DicomInfo } from '../../electron/common/contract';
import { formatDicomDate, formatPersonName } from '../display/dicomText';
import { client } from '../client/client';
import { useVolumes } from '../state/volumes';
import { useHostFiles } from '../state/hostFiles';
import { OpenDialog } from './OpenDialog';
import { WHOLE_SCAN_TYPES } from '../state/scanGroup';
import { keyHint } from '../keys/shortcuts';
import { useShortcut } from '../keys/useShortcut';

/** Scan formats and the data files of headers; DICOM files named without an extension show under the dialog's "All files". */
const ACCEPT = [...WHOLE_SCAN_TYPES, '.gz', '.raw', '.dcm'].join(',');

/** Patient, study and series of a DICOM volume, under its name in the list. */
function DicomFacts({ dicom }: { dicom: DicomInfo }) {
  const lines = [
    [formatPersonName(dicom.patientName), dicom.patientId && `(${dicom.patientId})`],
    [formatDicomDate(dicom.studyDate), dicom.studyDescription],
    [dicom.modality, dicom.seriesDescription],
  ].map((parts) => parts.filter(Boolean).join(' ')).filter(Boolean);
  return (
    <span className="hint volume-dicom" data-testid="volume-dicom">
      {lines.map((line) => (
        <span key={line}>{line}</span>
      ))}
    </span>
  );
}

export function FilesPanel() {
  const { volumes, shown, show, openFiles, openPath, close, fail } = useVolumes();
  const picker = useRef<HTMLInputElement>(null);
  const desktop = client().transport === 'electron';

  const pickWithSystemDialog = async () => {
    try {
      const { path } = await client().call('dialog.pickScan', {});
      if (path) await openPath(path);
    } catch (error) {
      fail(error);
    }
  };
  const other = desktop ? { label: 'System dialog…', choose: () => void pickWithSystemDialog() } : { label: 'Upload from this computer…', choose: () => picker.current!.click() };
  const openDialog = () => void useHostFiles.getState().show();

  // The desktop app's File menu has its own accelerator for the same key.
  useShortcut('openScan', openDialog, !desktop);

  return (
    <aside className="panel files-panel">
      <button className="primary" onClick={openDialog} title={`Open a scan on this host, or upload one${keyHint('openScan')}`} data-testid="open-scan">
        Open scan…
      </button>
      <OpenDialog other={other} />
      <input
        ref={picker}
        type="file"
        accept={ACCEPT}
        hidden
        data-testid="file-input"
        multiple
        onChange={(event) => {
          void openFiles(Array.from(event.currentTarget.files ?? []));
          event.currentTarget.value = '';
        }}
      />
      <h2>Volumes</h2>
      <ul className="volume-list">
        {volumes.map((volume) => (
          <li key={volume.id} className={volume.id === shown?.info.id ? 'active' : ''}>
            <button onClick={() => void show(volume)} title={volume.path}>
              {volume.name}
              {volume.dicom && <DicomFacts dicom={volume.dicom} />}
              {volume.arrival?.stopped && (
                <span className="hint" data-testid="volume-incomplete">
                  Incomplete: {volume.arrival.arrived} of {volume.arrival.total} slices arrived before the retrieval stopped
                </span>
              )}
            </button>
            <button className="close-volume" onClick={() => void close(volume.id)} title={`Close ${volume.name} (frees its memory; unsaved segments are lost)`} aria-label={`Close ${volume.name}`} data-testid="close-volume">
              ×
            </button>
          </li>
        ))}
      </ul>
      <p className="hint">Drop scan files or a folder (NIfTI, HDF5/NeXus, MetaImage, NRRD, TIFF, MRC, a DICOM series or TIFF stack, a header with its data) anywhere in the window; pick several files at once for a series.</p>
    </aside>
  );
}
