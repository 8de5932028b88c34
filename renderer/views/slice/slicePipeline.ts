// The vtk.js pipeline of one slice view: draws one voxel slice with a parallel camera that sliceGeometry
// computed; it holds no geometry of its own. An oblique plane is resliced from the whole volume (linear).
import vtkPlane from '@kitware/vtk.js/Common/DataModel/Plane';
import vtkImageMapper from '@kitware/vtk.js/Rendering/Core/ImageMapper';
import vtkImageResliceMapper from '@kitware/vtk.js/Rendering/Core/ImageResliceMapper';
import vtkImageSlice from '@kitware/vtk.js/Rendering/Core/ImageSlice';
import type vtkImageData from '@kitware/vtk.js/Common/DataModel/ImageData';
import type { Vec3 } from '../../../electron/common/contract';
import { createRenderWindow, type RenderWindow } from '../renderWindow';
import { shownArea, type SliceCamera, type SliceFrame } from '../../geometry/sliceGeometry';
import type { WindowLevel } from '../../display/windowLevel';
import { mark, markNextFrame } from '../../state/timeline';

export interface SliceShot {
  frame: SliceFrame;
  camera: SliceCamera;
  slice: number;
  windowLevel: WindowLevel;
  /** The point an oblique plane passes through (the crosshair); absent for the orthogonal slice. */
  oblique?: Vec3;
}

export class SlicePipeline {
  private readonly view: RenderWindow;
  private readonly mapper = vtkImageMapper.newInstance();
  private readonly actor = vtkImageSlice.newInstance();
  /** The full-resolution slice of a large volume, drawn instead of the coarse level while it is current. */
  private readonly detailMapper = vtkImageMapper.newInstance();
  private readonly detail = vtkImageSlice.newInstance();
  /** The oblique plane, when the view is rotated. */
  private readonly plane = vtkPlane.newInstance();
  private readonly resliceMapper = vtkImageResliceMapper.newInstance();
  private readonly reslice = vtkImageSlice.newInstance();
  private oblique = false;
  private started = false;

  /** `shown`: told once, after the first draw of a slice (until then the view's 2D canvas shows it: canvasSlice.ts). */
  constructor(
    container: HTMLElement,
    private readonly name: string,
    private readonly shown: () => void,
  ) {
    this.view = createRenderWindow(container, { interactive: false, name, drawn: () => this.drawn() });
    this.actor.setMapper(this.mapper);
    this.actor.getProperty().setInterpolationTypeToNearest();
    this.detail.setMapper(this.detailMapper);
    this.detail.getProperty().setInterpolationTypeToNearest();
    this.resliceMapper.setSlicePlane(this.plane);
    this.reslice.setMapper(this.resliceMapper);
    this.reslice.getProperty().setInterpolationTypeToLinear();
  }

  /** The view's start (context, shaders compiled by its first draw of a slice) is over: the page's timeline marks it. */
  private drawn(): void {
    if (this.started || !this.mapper.getInputData()) return;
    this.started = true;
    mark(`${this.name}: started`);
    this.shown();
  }

  setImage(image: vtkImageData, axis: number): void {
    this.mapper.setInputData(image);
    this.mapper.setSlicingMode(axis);
    this.resliceMapper.setInputData(image);
    if (!this.view.renderer.getActors().includes(this.actor)) this.view.renderer.addActor(this.actor);
  }

  /** Draws `image` (one slice thick across `axis`) instead of the coarse level; undefined shows the coarse level. */
  setDetail(image: vtkImageData | undefined, axis: number): void {
    const renderer = this.view.renderer;
    if (image) {
      mark(`${this.name}: full slice handed to the view`);
      this.detailMapper.setInputData(image);
      this.detailMapper.setSlicingMode(axis);
      this.detailMapper.setSlice(0);
      if (!renderer.getActors().includes(this.detail)) renderer.addActor(this.detail);
    } else if (renderer.getActors().includes(this.detail)) renderer.removeActor(this.detail);
    this.actor.setVisibility(!image && !this.oblique);
    // The depth to draw within was taken from what showed before: a slice off that plane (a coarse level's) would be clipped.
    if (!this.oblique) renderer.resetCameraClippingRange();
    this.view.render();
    // Before the view's first draw its 2D canvas shows the slice, and marked its frame.
    if (image && this.started) markNextFrame(`${this.name}: the frame after the full slice was drawn`);
  }

  show({ frame, camera, slice, windowLevel, oblique }: SliceShot): void {
    this.mapper.setSlice(slice);
    this.showOblique(oblique, frame.look);
    for (const actor of [this.actor, this.detail, this.reslice]) {
      actor.getProperty().setColorWindow(windowLevel.window);
      actor.getProperty().setColorLevel(windowLevel.level);
    }
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
    // The resliced plane is flat across the line of sight: its bounds give no depth to clip within, so give room.
    if (oblique) vtkCamera.setClippingRange(distance / 2, distance * 2);
    this.view.render();
  }

  /** Swaps the orthogonal slice for the resliced plane through `through` facing `look`, or back. */
  private showOblique(through: Vec3 | undefined, look: Vec3): void {
    const renderer = this.view.renderer;
    const shown = renderer.getActors().includes(this.reslice);
    this.oblique = through !== undefined;
    if (through) {
      this.plane.setOrigin(...through);
      this.plane.setNormal(...look);
      this.resliceMapper.modified();
      if (!shown) renderer.addActor(this.reslice);
    } else if (shown) renderer.removeActor(this.reslice);
    this.actor.setVisibility(!through && !renderer.getActors().includes(this.detail));
    this.detail.setVisibility(!through);
  }

  capture(): Promise<string> {
    return this.view.capture();
  }

  dispose(): void {
    this.actor.delete();
    this.mapper.delete();
    this.detail.delete();
    this.reslice.delete();
    this.resliceMapper.delete();
    this.plane.delete();
    this.detailMapper.delete();
    this.view.dispose();
  }
}
