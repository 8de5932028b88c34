// The vtk.js pipeline of one slice view: draws one voxel slice with a parallel camera that sliceGeometry
// computed; it holds no geometry of its own.
import vtkImageMapper from '@kitware/vtk.js/Rendering/Core/ImageMapper';
import vtkImageSlice from '@kitware/vtk.js/Rendering/Core/ImageSlice';
import type vtkImageData from '@kitware/vtk.js/Common/DataModel/ImageData';
import type { Vec3 } from '../../electron/contract';
import { createRenderWindow, type RenderWindow } from './renderWindow';
import { shownArea, type SliceCamera, type SliceFrame } from './sliceGeometry';
import type { WindowLevel } from './windowLevel';

export interface SliceShot {
  frame: SliceFrame;
  camera: SliceCamera;
  slice: number;
  windowLevel: WindowLevel;
}

export class SlicePipeline {
  private readonly view: RenderWindow;
  private readonly mapper = vtkImageMapper.newInstance();
  private readonly actor = vtkImageSlice.newInstance();

  constructor(container: HTMLElement) {
    this.view = createRenderWindow(container, { interactive: false });
    this.actor.setMapper(this.mapper);
    this.actor.getProperty().setInterpolationTypeToNearest();
  }

  setImage(image: vtkImageData, axis: number): void {
    this.mapper.setInputData(image);
    this.mapper.setSlicingMode(axis);
    if (!this.view.renderer.getActors().includes(this.actor)) this.view.renderer.addActor(this.actor);
  }

  show({ frame, camera, slice, windowLevel }: SliceShot): void {
    this.mapper.setSlice(slice);
    this.actor.getProperty().setColorWindow(windowLevel.window);
    this.actor.getProperty().setColorLevel(windowLevel.level);
    const vtkCamera = this.view.renderer.getActiveCamera();
    const { centre, halfHeight } = shownArea(camera, frame);
    // Far enough back that the whole volume lies in front of the camera, whatever the zoom.
    const distance = 10 * camera.halfHeight;
    vtkCamera.setParallelProjection(true);
    vtkCamera.setFocalPoint(...centre);
    vtkCamera.setPosition(...(centre.map((c, i) => c - frame.look[i]! * distance) as Vec3));
    vtkCamera.setViewUp(...frame.up);
    vtkCamera.setParallelScale(halfHeight);
    this.view.renderer.resetCameraClippingRange();
    this.view.render();
  }

  capture(): Promise<string> {
    return this.view.capture();
  }

  dispose(): void {
    this.actor.delete();
    this.mapper.delete();
    this.view.dispose();
  }
}
