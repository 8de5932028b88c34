import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connect } from './client/api';
import { setClient } from './client/client';
import './styles.css';
import { mark } from './state/timeline';
import { listenForProgress } from './state/jobs';
import { useVolumes } from './state/volumes';

mark('page script');

const root = createRoot(document.getElementById('root')!);
const fatal = (message: string) =>
  root.render(
    <div className="fatal" role="alert">
      {message}
    </div>,
  );
// vtk.js without WebGL2 fails with an unhelpful TypeError; say what is missing instead.
if (document.createElement('canvas').getContext('webgl2')) {
  connect()
    .then(async (client) => {
      mark('connected');
      setClient(client);
      listenForProgress();
      // The volume on screen is known before the views mount: they ask for its slices before making their WebGL contexts.
      await useVolumes.getState().start();
      root.render(<App />);
    })
    .catch((error: Error) => fatal(error.message));
} else {
  fatal(
    "Voxbench needs WebGL2 to draw volumes, and this browser or graphics driver does not provide it. Update the graphics driver, or enable hardware acceleration in the browser's settings.",
  );
}
