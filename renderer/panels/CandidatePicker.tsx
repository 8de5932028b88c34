// When a file holds several images (HDF5 datasets, DICOM series), the user picks one, as in H5Web or Slicer.
import { useVolumes } from '../state/volumes';

export function CandidatePicker() {
  const { choosing, openChoice, cancelChoice } = useVolumes();
  if (!choosing) return null;
  const name = choosing.path.split(/[\\/]/).pop();
  return (
    <div className="modal-backdrop" onClick={cancelChoice}>
      <div className="modal" role="dialog" aria-label={`Images in ${name}`} onClick={(event) => event.stopPropagation()}>
        <h2>{name} holds several images</h2>
        <ul className="candidates">
          {choosing.candidates.map((candidate) => (
            <li key={candidate.choice}>
              <button onClick={() => void openChoice(choosing.path, candidate.choice)} data-choice={candidate.choice}>
                <b>{candidate.label}</b>
                <span>
                  {candidate.dims.slice(0, 3).join(' × ')}
                  {candidate.dims[3] ? `, ${candidate.dims[3]} frames` : ''}
                  {candidate.detail ? ` · ${candidate.detail}` : ''}
                </span>
              </button>
            </li>
          ))}
        </ul>
        <button onClick={cancelChoice}>Cancel</button>
      </div>
    </div>
  );
}
