// The PACS panel: servers, a study search as radiologists type it (patient name or ID, dates, modality,
// accession number), the studies found, the chosen study's series with thumbnails, and Open. A retrieval's
// progress and Cancel show with the other long tasks (JobProgress); the series opens once it is all here.
import { useEffect, useState } from 'react';
import { routes } from '../../electron/common/routes';
import { client } from '../client/client';
import { chosenServer, usePacs, type PacsSeries, type StudyQuery } from '../state/pacs';
import { useSegments } from '../state/segments';
import { useVolumes } from '../state/volumes';
import { PacsServerForm } from './PacsServerForm';
import { formatDicomDate, formatPersonName } from '../display/dicomText';

const MODALITIES = ['CT', 'MR', 'PT', 'NM', 'US', 'CR', 'DX', 'MG', 'XA', 'RF', 'OT'];
/** An <input type="date"> value (YYYY-MM-DD) as DICOM writes dates. */
const dicomDate = (value: string) => value.replaceAll('-', '') || undefined;

function SearchForm() {
  const search = usePacs((state) => state.search);
  const [form, setForm] = useState({ patientName: '', patientId: '', dateFrom: '', dateTo: '', modality: '', accessionNumber: '' });
  const input = (key: keyof typeof form, label: string, type = 'text') => (
    <label>
      {label} <input aria-label={label} type={type} value={form[key]} onChange={(event) => setForm({ ...form, [key]: event.currentTarget.value })} />
    </label>
  );
  const submit = () => {
    const query: StudyQuery = {
      ...(form.patientName.trim() && { patientName: form.patientName.trim() }),
      ...(form.patientId.trim() && { patientId: form.patientId.trim() }),
      ...(dicomDate(form.dateFrom) && { dateFrom: dicomDate(form.dateFrom) }),
      ...(dicomDate(form.dateTo) && { dateTo: dicomDate(form.dateTo) }),
      ...(form.modality && { modality: form.modality }),
      ...(form.accessionNumber.trim() && { accessionNumber: form.accessionNumber.trim() }),
    };
    void search(query);
  };
  return (
    <form
      className="pacs-form"
      data-testid="pacs-search"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      {input('patientName', 'Patient name')}
      {input('patientId', 'Patient ID')}
      {input('dateFrom', 'Studies from', 'date')}
      {input('dateTo', 'Studies to', 'date')}
      <label>
        Modality{' '}
        <select aria-label="Modality" value={form.modality} onChange={(event) => setForm({ ...form, modality: event.currentTarget.value })}>
          <option value="">any</option>
          {MODALITIES.map((modality) => (
            <option key={modality}>{modality}</option>
          ))}
        </select>
      </label>
      {input('accessionNumber', 'Accession number')}
      <button type="submit" className="primary">
        Search
      </button>
    </form>
  );
}

function SeriesRow({ series }: { series: PacsSeries }) {
  const open = usePacs((state) => state.open);
  const server = usePacs(chosenServer);
  const [failed, setFailed] = useState(false);
  const thumbnail = client().dataUrl(routes.pacsThumbnail.path({ server, studyUid: series.studyUid, seriesUid: series.seriesUid }));
  return (
    <li className="pacs-series" data-testid="pacs-series">
      {failed ? <span className="pacs-thumb-empty">—</span> : <img src={thumbnail} alt={`Thumbnail of ${series.description ?? 'the series'}`} width={48} height={48} loading="lazy" onError={() => setFailed(true)} />}
      <span>
        {series.seriesNumber !== undefined && `#${series.seriesNumber} `}
        <b>{series.description ?? '(no description)'}</b>
        <span className="hint">
          {' '}
          {series.modality} · {series.instanceCount ?? '?'} images
        </span>
      </span>
      <button onClick={() => void open(series)}>Open</button>
    </li>
  );
}

/** Keeps the shown volume's retrieved files beyond the session: a folder from the Save dialog, or typed in browser mode. */
function SaveSeries() {
  const shown = useVolumes((state) => state.shown?.full);
  const { retrieved, saved, save } = usePacs();
  const [folder, setFolder] = useState('');
  if (!shown || !retrieved.includes(shown.id)) return null;
  const desktop = client().transport === 'electron';
  const saveAs = async () => {
    const into = desktop ? (await client().call('dialog.saveFile', { suggestedName: shown.name })).path : folder.trim();
    if (into) await save(shown.id, into);
  };
  return (
    <div className="pacs-form" data-testid="pacs-save">
      <span className="hint">{shown.name} is kept until Voxbench closes.</span>
      {!desktop && (
        <label>
          Save in folder <input aria-label="Save in folder" value={folder} onChange={(event) => setFolder(event.currentTarget.value)} />
        </label>
      )}
      <button onClick={() => void saveAs()} disabled={!desktop && !folder.trim()}>
        Save series{desktop ? ' as…' : ''}
      </button>
      {saved && <span className="hint">{saved}</span>}
    </div>
  );
}

/** The shown DICOM volume's segmentation back to the PACS as a DICOM SEG on its series. */
function StoreSegmentation() {
  const shown = useVolumes((state) => state.shown?.full);
  const segmented = useSegments((state) => state.info?.volumeId === shown?.id && (state.info?.segments.length ?? 0) > 0);
  const { stored, storeSegmentation } = usePacs();
  const server = usePacs(chosenServer);
  if (!shown || shown.format !== 'dicom' || !segmented || !server) return null;
  return (
    <div className="pacs-form" data-testid="pacs-store">
      <button onClick={() => void storeSegmentation(shown.id)}>Store segmentation in {server}</button>
      {stored && <span className="hint">Stored as DICOM SEG series {stored.seriesUid}</span>}
    </div>
  );
}

export function PacsPanel() {
  const { servers, server, studies, study, series, busy, message, loadServers, chooseServer, removeServer, chooseStudy } = usePacs();
  const [adding, setAdding] = useState(false);
  useEffect(() => {
    void loadServers();
  }, [loadServers]);
  const chosen = server ?? servers[0]?.name;
  return (
    <div className="panel-body pacs-panel" data-testid="pacs-panel" aria-busy={busy}>
      <div className="row">
        <select aria-label="PACS server" value={chosen ?? ''} onChange={(event) => chooseServer(event.currentTarget.value)}>
          {servers.map(({ name }) => (
            <option key={name}>{name}</option>
          ))}
        </select>
        {chosen && (
          <button onClick={() => void removeServer(chosen)} title={`Forget ${chosen}`}>
            ✕
          </button>
        )}
        <button onClick={() => setAdding(!adding)}>{adding ? 'Close' : 'Add server…'}</button>
      </div>
      {adding && <PacsServerForm keychain={client().transport === 'electron'} onDone={() => setAdding(false)} />}
      {chosen && <SearchForm />}
      {message && (
        <p className="error" data-testid="pacs-message">
          {message}
        </p>
      )}
      {studies && (
        <ul className="pacs-list" data-testid="pacs-studies">
          {studies.length === 0 && <li className="hint">No study matches.</li>}
          {studies.map((each) => (
            <li key={each.studyUid} data-testid="pacs-study" aria-selected={each === study} className={each === study ? 'selected' : ''}>
              <button className="link" onClick={() => void chooseStudy(each)}>
                <b>{formatPersonName(each.patientName)}</b> ({each.patientId}) · {[formatDicomDate(each.studyDate), each.modalities.join('/'), each.description].filter(Boolean).join(' · ')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {series && (
        <ul className="pacs-list" data-testid="pacs-series-list">
          {series.map((each) => (
            <SeriesRow key={each.seriesUid} series={each} />
          ))}
        </ul>
      )}
      <SaveSeries />
      <StoreSegmentation />
    </div>
  );
}
