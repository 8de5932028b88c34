// De-identification cleans a series' attributes, not its pixels: a push whose images may show the patient's name
// burned in waits here until the user has looked and confirms, or drops it.
import { useSync } from '../state/sync';

export function BurnedInConfirm() {
  const { burnedIn, answerBurnedIn } = useSync();
  if (!burnedIn) return null;
  return (
    <div className="modal-backdrop" style={{ zIndex: 30 }} onClick={() => void answerBurnedIn(false)}>
      <div className="modal" role="alertdialog" aria-label="Burned-in annotation" data-testid="burned-in-confirm" onClick={(event) => event.stopPropagation()}>
        <h2>The images may show who the patient is</h2>
        <p style={{ whiteSpace: 'normal' }}>{burnedIn.why}</p>
        <p className="hint" style={{ whiteSpace: 'normal' }}>
          De-identification removes the patient from the DICOM attributes, not from text burned into the pixels. Push only if you have checked the images.
        </p>
        <div style={{ display: 'flex', gap: 8, justifyContent: 'flex-end' }}>
          <button onClick={() => void answerBurnedIn(false)}>Don't push</button>
          <button className="primary" onClick={() => void answerBurnedIn(true)}>
            I checked the images: push
          </button>
        </div>
      </div>
    </div>
  );
}
