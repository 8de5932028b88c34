// One vtk.js render window inside a DOM element, sized with it; dispose() frees its WebGL context.
import '@kitware/vtk.js/Rendering/OpenGL/Profiles/Volume';
import vtkGenericRenderWindow from '@kitware/vtk.js/Rendering/Misc/GenericRenderWindow';

export interface RenderWindow {
  renderer: ReturnType<vtkGenericRenderWindow['getRenderer']>;
  render(): void;
  dispose(): void;
}

export function createRenderWindow(container: HTMLElement, options: { interactive: boolean }): RenderWindow {
  const generic = vtkGenericRenderWindow.newInstance({ background: [0, 0, 0], listenWindowResize: false });
  generic.setContainer(container);
  if (!options.interactive) generic.getInteractor().unbindEvents();
  const renderWindow = generic.getRenderWindow();
  const resize = new ResizeObserver(() => {
    generic.resize();
    renderWindow.render();
  });
  resize.observe(container);
  generic.resize();
  return {
    renderer: generic.getRenderer(),
    render: () => renderWindow.render(),
    dispose() {
      resize.disconnect();
      generic.delete();
    },
  };
}
