import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connect } from './client/api';
import { setClient } from './client/client';
import './styles.css';

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
    .then((client) => {
      setClient(client);
      root.render(<App />);
    })
    .catch((error: Error) => fatal(error.message));
} else {
  fatal(
    "Voxbench needs WebGL2 to draw volumes, and this browser or graphics driver does not provide it. Update the graphics driver, or enable hardware acceleration in the browser's settings.",
  );
}
