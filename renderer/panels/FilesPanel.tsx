// Open scans (dialog in the desktop app, file picker in the browser) and list the ones open.
import { useEffect, useRef } from 'react';
import { useVolumes } from '../state/volumes';

const ACCEPT = '.nii,.nii.gz,.gz,.h5,.hdf5,.nxs,.hdf,.nx5';

export function FilesPanel() {
  const { client, volumes, shown, show, openFile, openPath, fail } = useVolumes();
  const picker = useRef<HTMLInputElement>(null);

  const open = async () => {
    if (client?.transport !== 'electron') return picker.current!.click();
    try {
      const { path } = await client.call('dialog.pickScan', {});
      if (path) await openPath(path);
    } catch (error) {
      fail(error);
    }
  };

  // Ctrl/Cmd+O; the desktop app's File menu has its own accelerator.
  useEffect(() => {
    if (client?.transport === 'electron') return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() !== 'o' || !(event.ctrlKey || event.metaKey)) return;
      event.preventDefault();
      picker.current!.click();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [client]);

  return (
    <aside className="panel files-panel">
      <button className="primary" onClick={() => void open()} title="Open a scan (Ctrl+O)">
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
