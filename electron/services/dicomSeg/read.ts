// A DICOM SEG opened as segments on the volume of its source series: each frame is placed on the slice at its
// Plane Position (the volume's own grid, so a SEG referencing this series or one on the same grid fits), each
// segment becomes a label value in segment-number order. Overlapping segments: the later one wins the voxel.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import dcmjs, { type NaturalDataset } from 'dcmjs';
import type { VolumeInfo } from '../../common/contract.js';
import { VoxbenchError } from '../../common/errors.js';
import type { LabelFile } from '../segment/labelFiles.js';
import { SEGMENTATION_STORAGE } from './dataset.js';

type Item = NaturalDataset;
const first = (sequence: unknown) => (Array.isArray(sequence) ? (sequence[0] as Item | undefined) : undefined);
const numbers = (value: unknown) => (Array.isArray(value) ? value.map(Number) : value === undefined ? [] : [Number(value)]);

/** The voxel index of a patient position on the volume's grid (its direction columns scaled by spacing). */
function voxelOf(volume: Pick<VolumeInfo, 'origin' | 'direction' | 'spacing'>, position: number[]): number[] {
  const d = volume.direction;
  const offset = position.map((p, i) => p - volume.origin[i]!);
  // Direction columns are orthonormal: the inverse is the transpose.
  return [0, 1, 2].map((j) => (offset[0]! * d[j]! + offset[1]! * d[3 + j]! + offset[2]! * d[6 + j]!) / volume.spacing[j]!);
}

function frameSlice(name: string, frame: Item | undefined, shared: Item | undefined, volume: VolumeInfo, index: number): number {
  const position = numbers(first(frame?.PlanePositionSequence)?.ImagePositionPatient ?? first(shared?.PlanePositionSequence)?.ImagePositionPatient);
  if (position.length !== 3) throw new VoxbenchError('CorruptFile', `${name}: frame ${index + 1} has no Plane Position (Patient).`);
  const [x, y, z] = voxelOf(volume, position) as [number, number, number];
  const slice = Math.round(z);
  if (Math.abs(x) > 0.5 || Math.abs(y) > 0.5 || Math.abs(z - slice) > 0.25 || slice < 0 || slice >= volume.dims[2]) {
    throw new VoxbenchError('GridMismatch', `${name}: frame ${index + 1} at (${position.map((p) => p.toFixed(2)).join(', ')}) mm lies on no slice of ${volume.name}; open the SEG on its source series.`);
  }
  return slice;
}

export async function readDicomSeg(path: string, volume: VolumeInfo): Promise<LabelFile> {
  const name = basename(path);
  const bytes = await readFile(path);
  let seg: NaturalDataset;
  try {
    const file = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    seg = dcmjs.data.DicomMetaDictionary.naturalizeDataset(file.dict);
  } catch (error) {
    throw new VoxbenchError('CorruptFile', `${name} cannot be read as DICOM (${(error as Error).message}).`);
  }
  if (seg.SOPClassUID !== SEGMENTATION_STORAGE) throw new VoxbenchError('NotSegmentation', `${name} is not a DICOM Segmentation (its SOP Class UID is ${String(seg.SOPClassUID)}).`);
  if (seg.SegmentationType !== 'BINARY') throw new VoxbenchError('UnsupportedLabelmap', `${name} is a ${String(seg.SegmentationType)} segmentation; Voxbench reads BINARY ones.`);
  const [columns, rows, frames] = [Number(seg.Columns), Number(seg.Rows), Number(seg.NumberOfFrames ?? 1)];
  if (columns !== volume.dims[0] || rows !== volume.dims[1]) {
    throw new VoxbenchError('GridMismatch', `${name} has ${columns}×${rows} pixels a frame, ${volume.name} ${volume.dims[0]}×${volume.dims[1]}; open the SEG on its source series.`);
  }
  const pixels = columns * rows;
  const data = new Uint8Array((seg.PixelData as ArrayBuffer[] | undefined)?.[0] ?? new ArrayBuffer(0));
  if (data.length * 8 < pixels * frames) throw new VoxbenchError('TruncatedFile', `${name}: ${frames} frames of ${columns}×${rows} bits need ${Math.ceil((pixels * frames) / 8)} bytes, its pixel data holds ${data.length}.`);
  const segmentItems = (seg.SegmentSequence as Item[] | undefined) ?? [];
  const labels = segmentItems.length > 255 ? new Uint16Array(pixels * volume.dims[2]) : new Uint8Array(pixels * volume.dims[2]);
  const perFrame = (seg.PerFrameFunctionalGroupsSequence as Item[] | undefined) ?? [];
  const shared = first(seg.SharedFunctionalGroupsSequence);
  const numbersUsed = segmentItems.map((item) => Number(item.SegmentNumber));
  for (let f = 0; f < frames; f++) {
    const segment = Number(first(perFrame[f]?.SegmentIdentificationSequence)?.ReferencedSegmentNumber ?? first(shared?.SegmentIdentificationSequence)?.ReferencedSegmentNumber);
    const value = numbersUsed.indexOf(segment) + 1;
    if (value === 0) throw new VoxbenchError('CorruptFile', `${name}: frame ${f + 1} names segment ${segment}, which its Segment Sequence lacks.`);
    const offset = frameSlice(name, perFrame[f], shared, volume, f) * pixels;
    for (let i = 0, bit = f * pixels; i < pixels; i++, bit++) if (data[bit >> 3]! & (1 << (bit & 7))) labels[offset + i] = value;
  }
  const segments = segmentItems.map((item, n) => {
    const lab = numbers(item.RecommendedDisplayCIELabValue);
    const color = (lab.length === 3 ? dcmjs.data.Colors.dicomlab2RGB8(lab) : [255, 255, 0]) as [number, number, number];
    return { value: n + 1, name: String(item.SegmentLabel ?? `Segment ${n + 1}`), color };
  });
  return { labels, segments };
}
