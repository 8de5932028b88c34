// A volume's voxels as a vtkImageData in world (LPS) coordinates.
import vtkDataArray from '@kitware/vtk.js/Common/Core/DataArray';
import vtkImageData from '@kitware/vtk.js/Common/DataModel/ImageData';
import { capitalize } from '@kitware/vtk.js/macros';
import type { VolumeInfo } from '../../../electron/common/contract';

export function toImageData(info: VolumeInfo, voxels: ArrayBuffer): vtkImageData {
  // Dtype names are the typed arrays' names in lower case: 'int16' → Int16Array.
  const ArrayType = globalThis[`${capitalize(info.dtype)}Array` as 'Float64Array'];
  const values = new ArrayType(voxels);
  const expected = info.dims[0] * info.dims[1] * info.dims[2];
  if (values.length !== expected) throw new Error(`${info.name}: received ${values.length} voxels, expected ${expected}.`);
  const image = vtkImageData.newInstance();
  image.setDimensions(info.dims);
  image.setSpacing(info.spacing);
  image.setOrigin(info.origin);
  // vtk.js stores the direction column-major: the transpose of our row-major matrix.
  const d = info.direction;
  image.setDirection([d[0]!, d[3]!, d[6]!, d[1]!, d[4]!, d[7]!, d[2]!, d[5]!, d[8]!]);
  image.getPointData().setScalars(vtkDataArray.newInstance({ name: 'voxels', numberOfComponents: 1, values: values as unknown as number[] }));
  return image;
}
