// A series' layout before any of its pixels: WADO-RS series metadata (PS3.18 10.4.1.1.2) as the image headers the
// DICOM reader sorts, so the arriving volume's grid, slice order and value type are the folder reader's own.
import type { Vec3 } from '../../common/contract.js';
import { VoxbenchError } from '../../common/errors.js';
import { sharedImageFields, type ImageHeader } from '../io/dicomHeader.js';
import type { DicomJson } from './dicomJson.js';
import { textOf } from './dicomJson.js';
import type { DicomWebClient } from './dicomWeb.js';

const numbers = (item: DicomJson, tag: string): number[] | undefined => {
  const values = item[tag]?.Value?.map(Number);
  return values?.length && values.every(Number.isFinite) ? values : undefined;
};
const number = (item: DicomJson, tag: string) => numbers(item, tag)?.[0];

/** One instance's header from its metadata; the fields only a file has (syntax, pixel offsets) stay empty. */
export function headerOfMetadata(item: DicomJson): ImageHeader {
  const sopInstanceUid = textOf(item, '00080018');
  if (!sopInstanceUid) throw new VoxbenchError('BadReply', 'Series metadata lists an instance without its SOP Instance UID (0008,0018).');
  const position = numbers(item, '00200032');
  const spacing = numbers(item, '00280030');
  const modality = textOf(item, '00080060');
  return {
    path: sopInstanceUid,
    name: `instance ${sopInstanceUid}`,
    fileSize: 0,
    transferSyntax: '',
    encoding: undefined,
    bigEndian: false,
    seriesUid: textOf(item, '0020000E') ?? '',
    sopInstanceUid,
    ...sharedImageFields((tag) => textOf(item, tag), (tag) => number(item, tag)),
    modality,
    frames: number(item, '00280008') ?? 1,
    orientation: numbers(item, '00200037')?.slice(0, 6),
    pixelSpacing: spacing && spacing.length >= 2 ? [spacing[0]!, spacing[1]!] : undefined,
    sliceThickness: number(item, '00180050'),
    positions: [position && position.length >= 3 ? (position.slice(0, 3) as Vec3) : undefined],
    rescale: [{ slope: number(item, '00281053') ?? 1, intercept: number(item, '00281052') ?? 0 }],
    valueUnit: undefined,
    dicom: {},
    pixelOffset: 0,
    pixelLength: -1,
    pixelRoom: 0,
  };
}

/** Every instance's header, from one metadata request. */
export async function seriesMetadata(pacs: DicomWebClient, studyUid: string, seriesUid: string, signal: AbortSignal): Promise<ImageHeader[]> {
  const items = await pacs.search(`studies/${studyUid}/series/${seriesUid}/metadata`, {}, signal);
  if (!items.length) throw new VoxbenchError('PacsNotFound', `Series ${seriesUid} has no instances on this PACS.`);
  return items.map(headerOfMetadata);
}
