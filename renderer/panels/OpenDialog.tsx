// The Open dialog: browses the host's folders (where the server runs, so nothing is uploaded), shows the scans
// found in them with their sizes, and the scans opened lately; a file from this computer is uploaded instead.
import type { HostEntry, RecentScan, ScanFound } from '../../electron/common/hostFilesCalls';
import { useShortcut } from '../keys/useShortcut';
import { useHostFiles } from '../state/hostFiles';
import { useVolumes } from '../state/volumes';
import { ScanPreviewPane } from './ScanPreviewPane';
import { bytes } from './syncFormat';

const describe = (scan: ScanFound | undefined) => (scan ? [scan.format, scan.detail].filter(Boolean).join(', ') : '');

/** Opens the scan, or, while the dialog chooses for something else, hands it over and stays open for the next. */
function openOnHost(path: string): void {
  const { choosing, hide, added } = useHostFiles.getState();
  if (choosing) {
    useHostFiles.setState({ added: [...added, path.split(/[\\/]/).pop() ?? path] });
    return choosing.choose(path);
  }
  hide();
  void useVolumes.getState().openPath(path);
}

const useOpenLabel = () => (useHostFiles((state) => state.choosing) ? 'Add' : 'Open');

function EntryRow({ entry }: { entry: HostEntry }) {
  const browse = useHostFiles((state) => state.browse);
  const showPreview = useHostFiles((state) => state.showPreview);
  const openLabel = useOpenLabel();
  const folder = entry.kind === 'folder';
  const preview = () => entry.scan && void showPreview(entry.path);
  return (
    <li className={`host-entry ${entry.scan ? 'scan' : ''}`} data-entry={entry.name} onMouseEnter={preview} onFocus={preview}>
      <button className="host-name" disabled={!folder && !entry.scan} onClick={() => (folder ? void browse(entry.path) : openOnHost(entry.path))} title={entry.path}>
        <span aria-hidden>{folder ? '📁' : entry.scan ? '▣' : '·'}</span> {entry.name}
        {folder && '/'}
      </button>
      <span className="host-scan">{describe(entry.scan)}</span>
      <span className="host-size">{bytes(entry.bytes)}</span>
      <span className="host-open">
        {folder && entry.scan && (
          <button onClick={() => openOnHost(entry.path)} data-testid="open-entry">
            {openLabel}
          </button>
        )}
      </span>
    </li>
  );
}

function RecentList({ recent }: { recent: RecentScan[] }) {
  if (!recent.length) return <p className="hint">Scans you open show here.</p>;
  return (
    <ul className="host-places" data-testid="recent-scans">
      {recent.map((scan) => (
        <li key={scan.path}>
          <button onClick={() => openOnHost(scan.path)} title={`${scan.path} (${bytes(scan.bytes)})`}>
            {scan.name}
          </button>
        </li>
      ))}
    </ul>
  );
}

/** `other` is how a scan that is not on the host is chosen: the upload picker, or the desktop app's system dialog. */
export function OpenDialog({ other }: { other: { label: string; choose(): void } }) {
  const { open, roots, recent, folder, listing, browse, hide, choosing, added } = useHostFiles();
  useShortcut('closeHelp', hide, open);
  if (!open) return null;
  return (
    <div className="modal-backdrop" onClick={hide}>
      <div className="modal open-dialog" role="dialog" aria-label="Open scan" data-testid="open-dialog" onClick={(event) => event.stopPropagation()}>
        <h2>{choosing?.title ?? 'Open a scan on this host'}</h2>
        <nav className="host-side">
          <h3>Places</h3>
          <ul className="host-places">
            {roots.map((root) => (
              <li key={root.path}>
                <button onClick={() => void browse(root.path)} title={root.path} className={folder?.path === root.path ? 'active' : ''}>
                  {root.label}
                </button>
              </li>
            ))}
          </ul>
          {!roots.length && <p className="hint">This app lists no host folders: choose with the button below.</p>}
          <h3>Preview</h3>
          <ScanPreviewPane />
          <h3>Recent</h3>
          <RecentList recent={recent} />
        </nav>
        <section className="host-main">
          <div className="host-path">
            <button disabled={!folder?.parent} onClick={() => folder?.parent && void browse(folder.parent)} title="The folder above">
              ↑ Up
            </button>
            <code data-testid="host-path" title={listing ?? folder?.path}>
              {listing ?? folder?.path ?? ''}
            </code>
          </div>
          {folder?.scan && (
            <div className="host-folder-scan" onMouseEnter={() => void useHostFiles.getState().showPreview(folder.path)}>
              This folder is a {describe(folder.scan)}.
              <button className="primary" onClick={() => openOnHost(folder.path)} data-testid="open-folder">
                {choosing ? 'Add this folder' : 'Open this folder'}
              </button>
            </div>
          )}
          <ul className="host-entries" aria-busy={listing !== undefined}>
            {folder?.entries.map((entry) => <EntryRow key={entry.path} entry={entry} />)}
            {folder && !folder.entries.length && <li className="hint">Empty folder.</li>}
          </ul>
        </section>
        <footer className="host-foot">
          {choosing && (
            <span className="hint" data-testid="chosen-scans">
              {added.length ? `Added ${added.join(', ')}` : 'Click a scan to add it; add as many as you like.'}
            </span>
          )}
          {!choosing && (
            <button
              onClick={() => {
                hide();
                other.choose();
              }}
            >
              {other.label}
            </button>
          )}
          <button onClick={hide}>{choosing ? 'Done' : 'Cancel'}</button>
        </footer>
      </div>
    </div>
  );
}
