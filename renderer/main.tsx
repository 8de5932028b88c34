import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles.css';

const root = createRoot(document.getElementById('root')!);
// vtk.js without WebGL2 fails with an unhelpful TypeError; say what is missing instead.
if (document.createElement('canvas').getContext('webgl2')) {
  root.render(<App />);
} else {
  root.render(
    <div className="fatal" role="alert">
      Voxbench needs WebGL2 to draw volumes, and this browser or graphics driver does not provide it. Update the
      graphics driver, or enable hardware acceleration in the browser's settings.
    </div>,
  );
}
