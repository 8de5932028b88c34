// Open scans (dialog in the desktop app, file picker in the browser) and list the ones open.
import { useRef } from 'react';
import { client } from '../client/client';
import { useVolumes } from '../state/volumes';
import { keyHint } from '../keys/shortcuts';
import { useShortcut } from '../keys/useShortcut';

const ACCEPT = '.nii,.nii.gz,.gz,.h5,.hdf5,.nxs,.hdf,.nx5';

export function FilesPanel() {
  const { volumes, shown, show, openFile, openPath, fail } = useVolumes();
  const picker = useRef<HTMLInputElement>(null);

  const open = async () => {
    if (client().transport !== 'electron') return picker.current!.click();
    try {
      const { path } = await client().call('dialog.pickScan', {});
      if (path) await openPath(path);
    } catch (error) {
      fail(error);
    }
  };

  // The desktop app's File menu has its own accelerator for the same key.
  useShortcut('openScan', () => picker.current!.click(), client().transport !== 'electron');

  return (
    <aside className="panel files-panel">
      <button className="primary" onClick={() => void open()} title={`Open a scan${keyHint('openScan')}`}>
        Open scan…
      </button>
      <input
        ref={picker}
        type="file"
        accept={ACCEPT}
        hidden
        data-testid="file-input"
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          if (file) void openFile(file);
          event.currentTarget.value = '';
        }}
      />
      <h2>Volumes</h2>
      <ul className="volume-list">
        {volumes.map((volume) => (
          <li key={volume.id} className={volume.id === shown?.info.id ? 'active' : ''}>
            <button onClick={() => void show(volume)} title={volume.path}>
              {volume.name}
            </button>
          </li>
        ))}
      </ul>
      <p className="hint">Drop a NIfTI or HDF5/NeXus file anywhere in the window.</p>
    </aside>
  );
}
