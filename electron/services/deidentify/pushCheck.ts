// Nothing identifiable leaves for the data centre: a push of a volume opened from DICOM is refused unless its files
// say they were de-identified (Patient Identity Removed YES, as `voxbench deidentify` writes).
import type { VolumeInfo } from '../../common/contract.js';
import { VoxbenchError } from '../../common/errors.js';
import { sourceDataset } from '../dicomSeg/write.js';
import { seriesSlices } from '../io/dicom.js';

/** The de-identification method of a DICOM volume's files (the catalogue records it), or a refusal. */
export async function deidentificationOf(info: Pick<VolumeInfo, 'name' | 'path' | 'format' | 'seriesUid'>): Promise<string[] | undefined> {
  if (info.format !== 'dicom') return undefined;
  const [first] = await seriesSlices(info.path, info.seriesUid);
  const dataset = await sourceDataset(first!.image.path);
  if (String(dataset.PatientIdentityRemoved ?? '').toUpperCase() !== 'YES') {
    throw new VoxbenchError('IdentifiableData', `${info.name} is identifiable patient data (its DICOM files are not de-identified). De-identify it first (voxbench deidentify IN OUT) and push the de-identified copy.`);
  }
  const codes = (dataset.DeidentificationMethodCodeSequence as { CodeValue?: string; CodeMeaning?: string }[] | undefined) ?? [];
  return codes.map((code) => `${code.CodeValue} ${code.CodeMeaning}`);
}
