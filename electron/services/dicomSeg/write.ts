// The one DICOM SEG writer: a labelmap on a DICOM series' grid as a binary Segmentation referencing that series.
// The UI export (labelFiles.ts), `voxbench segment -o OUT.dcm` and a STOW to a PACS all come through here.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import dcmjs, { type NaturalDataset } from 'dcmjs';
import type { VolumeInfo } from '../../common/contract.js';
import { VoxbenchError } from '../../common/errors.js';
import { writeDurably } from '../durableFile.js';
import { seriesSlices } from '../io/dicom.js';
import { refuseIncomplete } from '../volume/arrivingSource.js';
import type { SliceRef } from '../io/dicomSeries.js';
import type { SegmentAlgorithm } from './algorithms.js';
import { newUid, part10, segDataset, type SegFrame, type SegSegment, type SourceSlice } from './dataset.js';

export interface SegInput {
  volume: Pick<VolumeInfo, 'name' | 'path' | 'format' | 'seriesUid' | 'dims' | 'spacing' | 'arrival'>;
  /** Label values of slice z (x fastest). */
  slice(z: number): Promise<ArrayLike<number>>;
  segments: { value: number; name: string; color: [number, number, number] }[];
  /** By label value; MANUAL where absent. */
  algorithms: Map<number, SegmentAlgorithm>;
  software: string;
}

/** The first source file's data set, without its pixels (their group is not read). */
export async function sourceDataset(path: string): Promise<NaturalDataset> {
  const bytes = await readFile(path);
  const file = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), { untilTag: '7FE00010' });
  return dcmjs.data.DicomMetaDictionary.naturalizeDataset(file.dict);
}

function sourceSlices(slices: SliceRef[], name: string): SourceSlice[] {
  return slices.map(({ image, frame }) => {
    const position = image.positions[frame];
    if (!image.sopInstanceUid || !image.sopClassUid || !position) {
      throw new VoxbenchError('NotReferenceable', `${name}: ${image.name} has no SOP Instance UID, SOP Class UID or Image Position (Patient); a DICOM SEG cannot reference it.`);
    }
    return { sopClassUid: image.sopClassUid, sopInstanceUid: image.sopInstanceUid, position, ...(image.frames > 1 && { frameNumber: frame + 1 }) };
  });
}

/** Each segment's frames, segment by segment, slice by slice: the order of the dimension index. */
async function frameBits(input: SegInput, pixels: number): Promise<{ frames: SegFrame[]; bits: Uint8Array[]; present: number[] }> {
  const byValue = new Map(input.segments.map(({ value }) => [value, [] as { slice: number; bits: Uint8Array }[]]));
  for (let z = 0; z < input.volume.dims[2]; z++) {
    const labels = await input.slice(z);
    for (let i = 0; i < pixels; i++) {
      const value = labels[i]!;
      if (value === 0) continue;
      const frames = byValue.get(value);
      if (!frames) continue;
      if (frames.at(-1)?.slice !== z) frames.push({ slice: z, bits: new Uint8Array(Math.ceil(pixels / 8)) });
      const { bits } = frames.at(-1)!;
      bits[i >> 3]! |= 1 << (i & 7);
    }
  }
  const present = input.segments.map(({ value }) => value).filter((value) => byValue.get(value)!.length);
  const frames = present.flatMap((value, n) => byValue.get(value)!.map(({ slice }) => ({ segment: n + 1, slice })));
  return { frames, bits: present.flatMap((value) => byValue.get(value)!.map(({ bits }) => bits)), present };
}

/** Frames back to back, bit after bit (a frame's bits need not start on a byte, PS3.5 8.1.1). */
function packFrames(bits: Uint8Array[], pixels: number): Uint8Array {
  const out = new Uint8Array(Math.ceil((bits.length * pixels) / 8));
  bits.forEach((frame, f) => {
    const start = f * pixels;
    if (start % 8 === 0) return out.set(frame.subarray(0, Math.ceil(pixels / 8)), start / 8);
    for (let i = 0; i < pixels; i++) if (frame[i >> 3]! & (1 << (i & 7))) out[(start + i) >> 3]! |= 1 << ((start + i) & 7);
  });
  return out;
}

/** The SEG as Part 10 bytes. */
export async function dicomSegBytes(input: SegInput): Promise<Uint8Array> {
  const { volume } = input;
  if (volume.format !== 'dicom') {
    throw new VoxbenchError('NotDicom', `${volume.name} was not opened from DICOM: a DICOM SEG references its source series. Export .seg.nrrd or .nii.gz instead.`);
  }
  refuseIncomplete(volume, 'a DICOM SEG');
  const slices = await seriesSlices(volume.path, volume.seriesUid);
  const first = slices[0]!.image;
  if (slices.length !== volume.dims[2] || first.columns !== volume.dims[0] || first.rows !== volume.dims[1]) {
    throw new VoxbenchError('GridMismatch', `${volume.name}: its series now holds ${first.columns}×${first.rows}×${slices.length} slices, the volume ${volume.dims.join('×')}; reopen it before exporting a DICOM SEG.`);
  }
  const pixels = first.columns * first.rows;
  const { frames, bits, present } = await frameBits(input, pixels);
  if (!frames.length) throw new VoxbenchError('EmptySegmentation', `${volume.name}: no segment holds a voxel; a DICOM SEG needs at least one frame.`);
  const segments: SegSegment[] = present.map((value) => {
    const { name, color } = input.segments.find((segment) => segment.value === value)!;
    return { label: name, color, algorithm: input.algorithms.get(value) ?? { type: 'MANUAL' } };
  });
  const { meta, dataset } = segDataset({
    source: await sourceDataset(first.path),
    seriesUid: newUid(),
    slices: sourceSlices(slices, volume.name),
    rows: first.rows,
    columns: first.columns,
    orientation: first.orientation ?? [1, 0, 0, 0, 1, 0],
    pixelSpacing: first.pixelSpacing ?? [volume.spacing[1], volume.spacing[0]],
    sliceSpacing: volume.spacing[2],
    segments,
    frames,
    pixels: packFrames(bits, pixels),
    software: input.software,
    now: new Date(),
  });
  return part10(meta, dataset);
}

export async function writeDicomSeg(path: string, input: SegInput): Promise<void> {
  const bytes = await dicomSegBytes(input);
  await writeDurably(path, bytes, 0o644).catch((error: Error) => {
    throw new VoxbenchError('WriteFailed', `${basename(path)}: cannot write the DICOM SEG (${error.message}).`);
  });
}
