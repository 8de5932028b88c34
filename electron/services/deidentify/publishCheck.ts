// A scan published as OME-Zarr carries no DICOM attributes, but its pixels and name may come from an identifiable
// series: DICOM goes to the data centre only through the de-identified push (seriesPush.ts), never as OME-Zarr.
import type { VolumeInfo } from '../../common/contract.js';
import { VoxbenchError } from '../../common/errors.js';

export function refuseDicom(info: Pick<VolumeInfo, 'name' | 'format'>): void {
  if (info.format !== 'dicom') return;
  throw new VoxbenchError('IdentifiableData', `${info.name} is a DICOM series: push it with its segmentation (de-identified) instead; publishing DICOM as OME-Zarr is not supported.`);
}
