// The vtk.js pipeline of the 3D view: ray-cast volume rendering, seen from the front (anterior).
import vtkColorTransferFunction from '@kitware/vtk.js/Rendering/Core/ColorTransferFunction';
import vtkPiecewiseFunction from '@kitware/vtk.js/Common/DataModel/PiecewiseFunction';
import vtkVolume from '@kitware/vtk.js/Rendering/Core/Volume';
import vtkVolumeMapper from '@kitware/vtk.js/Rendering/Core/VolumeMapper';
import type vtkImageData from '@kitware/vtk.js/Common/DataModel/ImageData';
import type { VolumeInfo } from '../../electron/contract';
import { createRenderWindow, type RenderWindow } from './renderWindow';

export class VolumePipeline {
  private readonly view: RenderWindow;
  private readonly mapper = vtkVolumeMapper.newInstance();
  private readonly actor = vtkVolume.newInstance();
  private readonly colours = vtkColorTransferFunction.newInstance();
  private readonly opacity = vtkPiecewiseFunction.newInstance();

  constructor(container: HTMLElement) {
    this.view = createRenderWindow(container, { interactive: true });
    this.actor.setMapper(this.mapper);
    const property = this.actor.getProperty();
    property.setRGBTransferFunction(0, this.colours);
    property.setScalarOpacity(0, this.opacity);
    property.setInterpolationTypeToLinear();
    property.setShade(false);
  }

  setVolume(volume: VolumeInfo, image: vtkImageData): void {
    const [low, high] = volume.range;
    const width = high - low || 1;
    this.colours.removeAllPoints();
    this.colours.addRGBPoint(low, 0, 0, 0);
    this.colours.addRGBPoint(high, 1, 1, 1);
    // A neutral grey ramp: the faintest quarter (air, noise, soft tissue) is clear; the brightest voxels stay translucent.
    this.opacity.removeAllPoints();
    this.opacity.addPoint(low, 0);
    this.opacity.addPoint(low + 0.25 * width, 0);
    this.opacity.addPoint(high, 0.08);
    this.mapper.setInputData(image);
    this.mapper.setSampleDistance(Math.min(...volume.spacing) * 0.7);
    const renderer = this.view.renderer;
    if (!renderer.getVolumes().includes(this.actor)) renderer.addVolume(this.actor);
    const camera = renderer.getActiveCamera();
    camera.setFocalPoint(0, 0, 0);
    camera.setPosition(0, -1, 0);
    camera.setViewUp(0, 0, 1);
    renderer.resetCamera();
    this.view.render();
  }

  dispose(): void {
    this.actor.delete();
    this.mapper.delete();
    this.view.dispose();
  }
}
