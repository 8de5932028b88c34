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
  // Given (the volumes store holds these voxels' exact range), so that no view scans every voxel for it: four
  // views of 12 M voxels froze the page 170 ms.
  scalars.setRange({ min: info.range[0], max: info.range[1] }, 0);
  image.getPointData().setScalars(scalars);
  return image;
}

/** The view's own vtkImageData of `voxels` on `grid`, deleted when either changes or the view goes. */
export function useImageData(grid: VolumeInfo | undefined, voxels: Voxels | undefined): vtkImageData | undefined {
  const image = useMemo(() => (grid && voxels ? toImageData(grid, voxels) : undefined), [grid, voxels]);
  useEffect(() => () => image?.delete(), [image]);
  return image;
}
