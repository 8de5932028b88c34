// A volume's voxels as a vtkImageData in world (LPS) coordinates. Each view builds its own and deletes it when the
// volume changes; all of them wrap the one typed array the volumes store holds, so the voxels are never copied.
import vtkDataArray from '@kitware/vtk.js/Common/Core/DataArray';
import vtkImageData from '@kitware/vtk.js/Common/DataModel/ImageData';
import { useEffect, useMemo } from 'react';
import type { VolumeInfo } from '../../electron/common/contract';
import type { Voxels } from '../client/voxels';

export function toImageData(info: VolumeInfo, voxels: Voxels): vtkImageData {
  const image = vtkImageData.newInstance();
  image.setDimensions(info.dims);
  image.setSpacing(info.spacing);
  image.setOrigin(info.origin);
  // vtk.js stores the direction column-major: the transpose of our row-major matrix.
  const d = info.direction;
  image.setDirection([d[0]!, d[3]!, d[6]!, d[1]!, d[4]!, d[7]!, d[2]!, d[5]!, d[8]!]);
  // A typed array is kept as given (vtk.js copies only plain arrays).
  const scalars = vtkDataArray.newInstance({ name: 'voxels', numberOfComponents: 1, values: voxels as unknown as number[] });
  // Given, so that no view scans every voxel for it (four views of 12 M voxels: 170 ms of the page frozen).
  const [min, max] = valueRange(info, voxels);
  scalars.setRange({ min, max }, 0);
  image.getPointData().setScalars(scalars);
  return image;
}

/** Ranges found by scanning, once per voxel array whichever views draw it. */
const scanned = new WeakMap<Voxels, [number, number]>();

/**
 * The main side's range holds the volume's values once it is read in full; while its pyramid builds the range is
 * only an estimate, so the voxels are scanned (once).
 */
function valueRange(info: VolumeInfo, voxels: Voxels): [number, number] {
  if (!info.building) return info.range;
  let range = scanned.get(voxels);
  if (!range) {
    range = [Infinity, -Infinity];
    for (let n = 0; n < voxels.length; n++) {
      const value = voxels[n]!;
      if (value < range[0]) range[0] = value;
      if (value > range[1]) range[1] = value;
    }
    scanned.set(voxels, range);
  }
  return range;
}

/** The view's own vtkImageData of `voxels` on `grid`, deleted when either changes or the view goes. */
export function useImageData(grid: VolumeInfo | undefined, voxels: Voxels | undefined): vtkImageData | undefined {
  const image = useMemo(() => (grid && voxels ? toImageData(grid, voxels) : undefined), [grid, voxels]);
  useEffect(() => () => image?.delete(), [image]);
  return image;
}
