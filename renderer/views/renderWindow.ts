// One vtk.js render window inside a DOM element, sized with it; dispose() frees its WebGL context.
import '@kitware/vtk.js/Rendering/OpenGL/Profiles/Volume';
import vtkGenericRenderWindow from '@kitware/vtk.js/Rendering/Misc/GenericRenderWindow';
import { span } from '../state/timeline';

/** The parts of vtk.js's OpenGL render window its typings leave out. */
export interface OpenGLWindow {
  getContext(): WebGL2RenderingContext | null;
  setGraphicsResourceForObject(coreObject: unknown, oglObject: unknown, hash: string): void;
}

export interface RenderWindow {
  renderer: ReturnType<vtkGenericRenderWindow['getRenderer']>;
  interactor: ReturnType<vtkGenericRenderWindow['getInteractor']>;
  /** Draws in a task of its own, once however many changes came before it. */
  render(): void;
  /** Draws now (a caller that paces its own frames). */
  renderNow(): void;
  openGL: OpenGLWindow;
  /** The largest 3D texture this GPU takes, per axis (MAX_3D_TEXTURE_SIZE). */
  max3dTextureSize(): number;
  /** The next frame as a PNG data URL (a WebGL canvas cannot be read back after it was shown). */
  capture(): Promise<string>;
  dispose(): void;
}

/** Makes the view's WebGL context (vtk.js draws once as it starts); `name`: the view's, for the page's timeline;
 * `drawn`: told after each draw that reached the canvas. */
export function createRenderWindow(container: HTMLElement, options: { interactive: boolean; name: string; drawn?: () => void }): RenderWindow {
  const created = span(`${options.name}: WebGL context`);
  const generic = vtkGenericRenderWindow.newInstance({ background: [0, 0, 0], listenWindowResize: false });
  generic.setContainer(container);
  if (!options.interactive) generic.getInteractor().unbindEvents();
  const renderWindow = generic.getRenderWindow();
  // A view the layout hides has no size; drawing into a 0×0 canvas only makes WebGL warnings.
  const visible = () => container.clientWidth > 0 && container.clientHeight > 0;
  const renderNow = () => {
    if (!visible()) return;
    const drawn = span(`${options.name}: draw`);
    renderWindow.render();
    drawn();
    options.drawn?.();
  };
  // One task per window: four views drawing a new volume in one task (their first draws compile shaders) froze the page 250 ms.
  let scheduled = 0;
  const render = () => {
    scheduled ||= window.setTimeout(() => {
      scheduled = 0;
      renderNow();
    });
  };
  const resize = new ResizeObserver(() => {
    if (!visible()) return;
    generic.resize();
    render(); // every view resizes in the same task when the layout changes
  });
  resize.observe(container);
  generic.resize();
  created();
  const openGL = generic.getApiSpecificRenderWindow() as unknown as OpenGLWindow;
  // vtk.js asks for these when it makes its first texture; the first ask costs 35–55 ms per context in software GL,
  // so it is made in a task of its own before a volume arrives rather than inside that first draw.
  const warm = window.setTimeout(() => ['OES_texture_float_linear', 'EXT_texture_norm16'].forEach((name) => openGL.getContext()?.getExtension(name)));
  return {
    renderer: generic.getRenderer(),
    interactor: generic.getInteractor(),
    render,
    renderNow,
    openGL,
    max3dTextureSize() {
      const gl = openGL.getContext();
      return gl ? (gl.getParameter(gl.MAX_3D_TEXTURE_SIZE) as number) : Infinity;
    },
    capture() {
      const image = generic.getApiSpecificRenderWindow().captureNextImage('image/png');
      renderWindow.render();
      return image ?? Promise.reject(new Error('This view was closed.'));
    },
    dispose() {
      clearTimeout(scheduled);
      clearTimeout(warm);
      resize.disconnect();
      generic.delete();
    },
  };
}
