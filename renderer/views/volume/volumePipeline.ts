// The vtk.js pipeline of the 3D view: ray-cast volume rendering, seen from the front (anterior), with a
// transfer-function preset and optional shading.
import vtkColorTransferFunction from '@kitware/vtk.js/Rendering/Core/ColorTransferFunction';
import vtkPiecewiseFunction from '@kitware/vtk.js/Common/DataModel/PiecewiseFunction';
import vtkVolume from '@kitware/vtk.js/Rendering/Core/Volume';
import vtkVolumeMapper from '@kitware/vtk.js/Rendering/Core/VolumeMapper';
import { BlendMode } from '@kitware/vtk.js/Rendering/Core/VolumeMapper/Constants';
import type vtkImageData from '@kitware/vtk.js/Common/DataModel/ImageData';
import type { VolumeInfo } from '../../../electron/common/contract';
import { createRenderWindow, type RenderWindow } from '../renderWindow';
import { subsample, textureStep } from '../../geometry/textureLimit';
import { toImageData } from '../vtkImage';
import { placePreset, type VolumePreset } from '../../display/volumePresets';
import { OrientationCube } from './orientationCube';
import { uploadInSlabs } from './textureSlabs';
import { span } from '../../state/timeline';

/** While the camera moves, rays take this many times fewer samples, then the still frame is drawn in full. */
const MOVING_SAMPLE_FACTOR = 4;

export interface Appearance {
  preset: VolumePreset;
  shade: boolean;
  /** Points edited from the preset, in the volume's values; the preset's own when absent. */
  transfer?: Pick<VolumePreset, 'colours' | 'opacity'>;
}

export class VolumePipeline {
  private readonly view: RenderWindow;
  private readonly mapper = vtkVolumeMapper.newInstance();
  private readonly actor = vtkVolume.newInstance();
  private readonly colours = vtkColorTransferFunction.newInstance();
  private readonly opacity = vtkPiecewiseFunction.newInstance();
  private range: [number, number] = [0, 1];
  private volumeId?: string;
  private frame = 0;
  /** Each setVolume() takes a number; a slab upload for an older one stops. */
  private uploads = 0;
  private readonly orientation: OrientationCube;

  constructor(private readonly container: HTMLElement) {
    this.view = createRenderWindow(container, { interactive: true, name: 'volume' });
    this.orientation = new OrientationCube(this.view.interactor);
    this.actor.setMapper(this.mapper);
    const property = this.actor.getProperty();
    property.setRGBTransferFunction(0, this.colours);
    property.setScalarOpacity(0, this.opacity);
    property.setInterpolationTypeToLinear();
    property.setShade(false);
    this.mapper.setAutoAdjustSampleDistances(true);
    this.mapper.setInteractionSampleDistanceFactor(MOVING_SAMPLE_FACTOR);
  }

  /**
   * Shows a volume (a finer level of the same volume keeps the camera) once its texture is up, in slabs; until then
   * the view draws what it drew. A volume larger than the GPU's 3D texture limit (or `limit`, if lower) is
   * subsampled to fit: `fitted` is the grid drawn, undefined if whole; `drawn` resolves false if a newer volume came first.
   */
  setVolume(volume: VolumeInfo, image: vtkImageData, appearance: Appearance, limit = Infinity): { fitted?: { dims: VolumeInfo['dims']; limit: number }; drawn: Promise<boolean> } {
    const gpuLimit = Math.min(limit, this.view.max3dTextureSize());
    const step = textureStep(volume.dims, gpuLimit);
    const fitted = step > 1 ? subsample(volume, image.getPointData().getScalars().getData(), step) : undefined;
    const input = fitted ? toImageData({ ...volume, ...fitted }, fitted.values) : image;
    const ticket = ++this.uploads;
    const uploading = span(`volume: 3D texture upload ${volume.dims.join('×')}`);
    // Without a GL context yet (a view never drawn) vtk.js uploads the texture itself when it first draws.
    const uploaded = this.view.openGL.getContext() ? uploadInSlabs(this.view.openGL, input, () => ticket === this.uploads) : Promise.resolve(true);
    const drawn = uploaded.then((done) => {
      uploading();
      if (done) this.draw(volume, input, Math.min(...(fitted?.spacing ?? volume.spacing)), appearance);
      return done;
    });
    return { fitted: fitted && { dims: fitted.dims, limit: gpuLimit }, drawn };
  }

  /** Draws nothing, stopping an upload under way. */
  clear(): void {
    this.uploads++;
    this.volumeId = undefined;
    this.view.renderer.removeVolume(this.actor);
    this.view.render();
  }

  private draw(volume: VolumeInfo, input: vtkImageData, spacing: number, appearance: Appearance): void {
    this.range = volume.range;
    this.orientation.setFrame(volume.frame);
    this.mapper.setInputData(input);
    this.mapper.setSampleDistance(spacing * 0.7);
    const renderer = this.view.renderer;
    if (!renderer.getVolumes().includes(this.actor)) renderer.addVolume(this.actor);
    this.setAppearance(appearance, false);
    if (this.volumeId !== volume.id) this.resetCamera();
    else this.view.render();
    this.volumeId = volume.id;
  }

  setAppearance({ preset, shade, transfer }: Appearance, render = true): void {
    const { colours, opacity } = transfer ?? placePreset(preset, this.range);
    this.colours.removeAllPoints();
    for (const [value, r, g, b] of colours) this.colours.addRGBPoint(value, r, g, b);
    this.opacity.removeAllPoints();
    for (const [value, alpha] of opacity) this.opacity.addPoint(value, alpha);
    this.mapper.setBlendMode(preset.blend === 'maximum' ? BlendMode.MAXIMUM_INTENSITY_BLEND : BlendMode.COMPOSITE_BLEND);
    const property = this.actor.getProperty();
    property.setShade(shade);
    property.setAmbient(preset.lighting.ambient);
    property.setDiffuse(preset.lighting.diffuse);
    property.setSpecular(preset.lighting.specular);
    property.setSpecularPower(preset.lighting.specularPower);
    if (render) this.renderWhileChanging();
  }

  /**
   * At most one frame per animation frame however many changes came: a transfer-function drag over a big volume
   * used to queue one synchronous full render per pointer move (15 s behind on a tomogram in software GL).
   */
  private renderWhileChanging(): void {
    this.container.dataset.frame = 'pending'; // tests read pixels once it is 'drawn'
    this.frame ||= requestAnimationFrame(() => {
      this.frame = 0;
      this.view.renderNow();
      this.container.dataset.frame = 'drawn';
    });
  }

  /** Seen from the front, the whole volume in view. */
  resetCamera(): void {
    const renderer = this.view.renderer;
    const camera = renderer.getActiveCamera();
    camera.setFocalPoint(0, 0, 0);
    camera.setPosition(0, -1, 0);
    camera.setViewUp(0, 0, 1);
    renderer.resetCamera();
    this.view.render();
  }

  capture(): Promise<string> {
    return this.view.capture();
  }

  dispose(): void {
    this.uploads++; // an upload under way stops
    cancelAnimationFrame(this.frame);
    this.orientation.dispose();
    this.actor.delete();
    this.mapper.delete();
    this.view.dispose();
  }
}
