// A level's 3D texture goes up a slab of slices per task, so no single upload freezes the page: a 24 MiB level
// in one piece took 250–330 ms in software GL. The view keeps drawing what it drew until the last slab is up;
// the texture is then handed to vtk.js's volume mapper as the one for those voxels, so it uploads nothing itself.
import vtkOpenGLTexture from '@kitware/vtk.js/Rendering/OpenGL/Texture';
import type vtkDataArray from '@kitware/vtk.js/Common/Core/DataArray';
import type vtkImageData from '@kitware/vtk.js/Common/DataModel/ImageData';
import type { OpenGLWindow } from '../renderWindow';

/** Voxels per slab: 15–35 ms of conversion and upload each in software GL on a busy machine (1 M took 60–150 ms). */
const SLAB_VOXELS = 1 << 18;
/** Slabs go up in one task until this much time is spent: a fast GPU takes many per task, not one per 4 ms timer. */
const TASK_BUDGET_MS = 8;

/** The parts of vtk.js's OpenGL texture used here (its typings leave out `updatedExtents`). */
interface SlabTexture {
  setOpenGLRenderWindow(window: OpenGLWindow): void;
  setOglNorm16Ext(extension: unknown): void;
  resetFormatAndType(): void;
  create3DFilterableFromDataArray(args: { width: number; height: number; depth: number; dataArray: vtkDataArray; updatedExtents?: number[][] }): boolean;
  getOpenGLDataType(): number;
  activate(): void;
  deactivate(): void;
  releaseGraphicsResources(window: OpenGLWindow): void;
}

/** Slices z0…z1 as floats, written straight into the texture (a float texture with vtk.js's identity scaling). */
function putFloatSlab(gl: WebGL2RenderingContext, texture: SlabTexture, values: ArrayLike<number> & { subarray(start: number, end: number): ArrayLike<number> }, size: [number, number], z0: number, z1: number): void {
  const [width, height] = size;
  const slab = Float32Array.from(values.subarray(z0 * width * height, z1 * width * height));
  texture.activate();
  gl.pixelStorei(gl.UNPACK_ALIGNMENT, 1);
  gl.texSubImage3D(gl.TEXTURE_3D, 0, 0, 0, z0, width, height, z1 - z0, gl.RED, gl.FLOAT, slab);
  texture.deactivate();
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Uploads the voxels of `image` as the volume mapper's texture, a slab or more per task. Resolves true once vtk.js will
 * draw them without uploading, false when `wanted()` turned false on the way (the part uploaded is freed).
 */
export async function uploadInSlabs(window: OpenGLWindow, image: vtkImageData, wanted: () => boolean): Promise<boolean> {
  const scalars = image.getPointData().getScalars();
  const [width, height, depth] = image.getDimensions() as [number, number, number];
  const texture = vtkOpenGLTexture.newInstance() as unknown as SlabTexture;
  texture.setOpenGLRenderWindow(window);
  texture.setOglNorm16Ext(window.getContext()?.getExtension('EXT_texture_norm16'));
  texture.resetFormatAndType();
  // Scalars without values: vtk.js allocates the texture (and picks its format from the range) but uploads nothing.
  texture.create3DFilterableFromDataArray({ width, height, depth, dataArray: { ...scalars, getData: () => null } as unknown as vtkDataArray });
  const gl = window.getContext()!;
  const values = scalars.getData() as unknown as Float32Array;
  // vtk.js turns integers into a float texture by converting every voxel, whatever extent it is asked to update.
  const ownFloats = texture.getOpenGLDataType() === gl.FLOAT && !(values instanceof Float32Array);
  const slices = Math.max(1, Math.floor(SLAB_VOXELS / (width * height)));
  let taskStart = -Infinity;
  for (let z = 0; z < depth; z += slices) {
    if (performance.now() - taskStart > TASK_BUDGET_MS) {
      await nextTask();
      taskStart = performance.now();
    }
    if (!wanted()) {
      texture.releaseGraphicsResources(window);
      return false;
    }
    const end = Math.min(depth, z + slices);
    if (ownFloats) putFloatSlab(gl, texture, values, [width, height], z, end);
    else texture.create3DFilterableFromDataArray({ width, height, depth, dataArray: scalars, updatedExtents: [[0, width - 1, 0, height - 1, z, end - 1]] });
  }
  // vtk.js finds a scalars' texture by the scalars' modification time.
  window.setGraphicsResourceForObject(scalars, texture, `${scalars.getMTime()}`);
  return true;
}
