// One DICOM file's header, parsed by dicom-parser up to the Pixel Data element, so a series opens without
// reading its pixels: what the image is, where each frame sits (per-frame functional groups for enhanced
// multi-frame files, Grid Frame Offset Vector for RT Dose), and how stored values become the user's values.
import type { FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import dicomParser, { type DataSet } from 'dicom-parser';
import type { DicomInfo, Vec3 } from '../../common/contract.js';
import { VoxbenchError } from '../../common/errors.js';
import { TRANSFER_SYNTAXES, type Encoding } from './dicomCodecs.js';
import { cross } from './dicomSeries.js';
import { openForReading, readAt } from './rawVoxels.js';

const PIXEL_DATA = 'x7fe00010';
const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const IMPLICIT_LE = '1.2.840.10008.1.2';

export interface Rescale {
  slope: number;
  intercept: number;
}

export interface ImageHeader {
  path: string;
  name: string;
  fileSize: number;
  transferSyntax: string;
  encoding: Encoding | undefined;
  bigEndian: boolean;
  seriesUid: string;
  /** What a derived object (a DICOM SEG) references: the instance, its class, its study and frame of reference. */
  sopInstanceUid: string | undefined;
  sopClassUid: string | undefined;
  studyUid: string | undefined;
  frameOfReferenceUid: string | undefined;
  seriesNumber: number | undefined;
  seriesDescription: string | undefined;
  modality: string | undefined;
  instanceNumber: number | undefined;
  rows: number;
  columns: number;
  frames: number;
  bitsAllocated: number;
  bitsStored: number;
  signed: boolean;
  samplesPerPixel: number;
  photometric: string;
  /** 0: colour samples interleaved (R G B R G B …), 1: one plane per sample. */
  planarConfiguration: number;
  /** Row cosines (direction of increasing column index), then column cosines. */
  orientation: number[] | undefined;
  /** [row spacing (between rows, along y), column spacing (along x)]. */
  pixelSpacing: [number, number] | undefined;
  sliceThickness: number | undefined;
  /** Per frame; undefined where the file gives no position. */
  positions: (Vec3 | undefined)[];
  rescale: Rescale[];
  valueUnit: string | undefined;
  /** Patient, study and series as the header names them. */
  dicom: DicomInfo;
  /** Where the Pixel Data value starts in the file (in the inflated data set for deflated files), its length (-1: undefined). */
  pixelOffset: number;
  pixelLength: number;
  /** Bytes from there to the end of the file (or of the inflated data set): what the pixels can occupy at most. */
  pixelRoom: number;
}

/** A file's first bytes are DICOM: 'DICM' after the 128-byte preamble, or a bare data set starting in group 0008. */
export function isDicomHead(head: Uint8Array): boolean {
  if (head.length >= 132 && String.fromCharCode(...head.subarray(128, 132)) === 'DICM') return true;
  return bareSyntax(head) !== undefined;
}

/** The syntax of a data set written without preamble and meta header (old ACR-NEMA style files). */
function bareSyntax(head: Uint8Array): string | undefined {
  if (head.length < 8 || head[0] !== 0x08 || head[1] !== 0x00 || head[3] !== 0x00) return undefined;
  const vr = String.fromCharCode(head[4]!, head[5]!);
  if (/^(AE|AS|AT|CS|DA|DS|DT|FL|FD|IS|LO|LT|OB|OW|PN|SH|SL|SQ|SS|ST|TM|UI|UL|UN|US|UT)$/.test(vr)) return EXPLICIT_LE;
  // Implicit: a 32-bit length small enough to be an element of group 0008.
  return new DataView(head.buffer, head.byteOffset).getUint32(4, true) < 1024 ? IMPLICIT_LE : undefined;
}

const text = (ds: DataSet, tag: string) => ds.string(tag)?.trim() || undefined;

/** The numeric elements read here, by name, for messages about damaged files. */
const NUMERIC_TAGS: Record<string, string> = {
  x00200032: 'Image Position (Patient) (0020,0032)',
  x00200037: 'Image Orientation (Patient) (0020,0037)',
  x00280030: 'Pixel Spacing (0028,0030)',
  x00181164: 'Imager Pixel Spacing (0018,1164)',
  x00180050: 'Slice Thickness (0018,0050)',
  x00180088: 'Spacing Between Slices (0018,0088)',
  x00281052: 'Rescale Intercept (0028,1052)',
  x00281053: 'Rescale Slope (0028,1053)',
  x3004000c: 'Grid Frame Offset Vector (3004,000C)',
  x3004000e: 'Dose Grid Scaling (3004,000E)',
};

/** A numeric element holding fewer values than it must; readImageHeader names the file. */
class TooFewValues extends Error {}

function numbersOf(ds: DataSet | undefined, tag: string, count: number): number[] | undefined {
  if (!ds?.elements[tag]?.length) return undefined;
  // dicom-parser's floatString(tag, i) throws a TypeError past the element's last value.
  const held = ds.string(tag)?.split('\\').length ?? 0;
  if (held < count) throw new TooFewValues(`its ${NUMERIC_TAGS[tag] ?? tag} holds ${held} of the ${count} numbers it needs`);
  const values = Array.from({ length: count }, (_, i) => ds.floatString(tag, i) ?? NaN);
  return values.every(Number.isFinite) ? values : undefined;
}

const numberOf = (ds: DataSet | undefined, tag: string) => numbersOf(ds, tag, 1)?.[0];

/** Spacings of 0 or less say nothing (a damaged file): treated as absent, as when the element is missing. */
const positive = (values: number[] | undefined) => (values?.every((value) => value > 0) ? values : undefined);

/** US in explicit files, but implicit files and some writers store it in other widths: read by length. */
function unsignedOf(ds: DataSet, tag: string): number | undefined {
  const element = ds.elements[tag];
  if (!element || element.length === 0) return undefined;
  return element.length >= 4 && element.vr !== 'US' ? ds.uint32(tag) : ds.uint16(tag);
}

/** The first item of a functional group sequence: the frame's own, else the shared one (PS3.3 C.7.6.16). */
function functionalGroup(ds: DataSet, frame: number, sequence: string): DataSet | undefined {
  const perFrame = ds.elements.x52009230?.items?.[frame]?.dataSet?.elements[sequence]?.items?.[0]?.dataSet;
  return perFrame ?? ds.elements.x52009229?.items?.[0]?.dataSet?.elements[sequence]?.items?.[0]?.dataSet;
}

/** Frame positions: per-frame functional groups, else RT Dose's offsets along the normal, else the one IPP. */
function framePositions(ds: DataSet, frames: number, orientation: number[] | undefined): (Vec3 | undefined)[] {
  const position = numbersOf(ds, 'x00200032', 3) as Vec3 | undefined;
  const offsets = numbersOf(ds, 'x3004000c', frames);
  if (ds.elements.x52009230) {
    return Array.from({ length: frames }, (_, frame) => numbersOf(functionalGroup(ds, frame, 'x00209113'), 'x00200032', 3) as Vec3 | undefined);
  }
  if (frames > 1 && offsets && position && orientation) {
    // Offsets are relative to the first frame's plane (PS3.3 C.8.8.3.2), whether the first is 0 or not.
    const normal = cross(orientation.slice(0, 3), orientation.slice(3));
    return offsets.map((offset) => position.map((p, axis) => p + (offset - offsets[0]!) * normal[axis]!) as Vec3);
  }
  return frames === 1 ? [position] : Array.from({ length: frames }, () => undefined);
}

function rescaleOf(ds: DataSet, frame: number): Rescale {
  const group = functionalGroup(ds, frame, 'x00289145') ?? ds;
  // RT Dose scales by Dose Grid Scaling instead; a slope of 0 or none means unscaled, as in ITK and nibabel.
  const slope = numberOf(group, 'x00281053') ?? numberOf(ds, 'x3004000e');
  return { slope: slope && Number.isFinite(slope) ? slope : 1, intercept: numberOf(group, 'x00281052') ?? 0 };
}

function valueUnitOf(ds: DataSet, modality: string | undefined): string | undefined {
  const type = text(functionalGroup(ds, 0, 'x00289145') ?? ds, 'x00281054') ?? text(ds, 'x00281054');
  if (type && type !== 'US') return type;
  if (modality === 'CT') return 'HU';
  const units = text(ds, 'x00541001') ?? text(ds, 'x30040002');
  // RT Dose units are upper case codes (GY, RELATIVE): shown as words.
  return units && modality === 'RTDOSE' ? units[0] + units.slice(1).toLowerCase() : units;
}

function dicomInfoOf(ds: DataSet, modality: string | undefined): DicomInfo {
  const center = numberOf(ds, 'x00281050');
  const width = numberOf(ds, 'x00281051');
  const info: DicomInfo = {
    patientName: text(ds, 'x00100010'),
    patientId: text(ds, 'x00100020'),
    patientSex: text(ds, 'x00100040'),
    patientBirthDate: text(ds, 'x00100030'),
    studyDate: text(ds, 'x00080020'),
    studyDescription: text(ds, 'x00081030'),
    seriesDescription: text(ds, 'x0008103e'),
    seriesNumber: ds.intString('x00200011'),
    modality,
    institution: text(ds, 'x00080080'),
    window: center !== undefined && width !== undefined && width > 0 ? { center, width } : undefined,
  };
  return Object.fromEntries(Object.entries(info).filter(([, value]) => value !== undefined));
}

/** The fields of an image's header that a file's data set and a DICOMweb metadata item give alike; `text` and
 * `number` read one element by its tag (eight hex digits, as PS3.18's JSON names them), `number` a US or IS one. */
export function sharedImageFields(text: (tag: string) => string | undefined, number: (tag: string) => number | undefined) {
  const bitsAllocated = number('00280100') ?? 0;
  return {
    sopClassUid: text('00080016'),
    studyUid: text('0020000D'),
    frameOfReferenceUid: text('00200052'),
    seriesNumber: number('00200011'),
    seriesDescription: text('0008103E'),
    instanceNumber: number('00200013'),
    rows: number('00280010') ?? 0,
    columns: number('00280011') ?? 0,
    bitsAllocated,
    bitsStored: number('00280101') ?? bitsAllocated,
    signed: number('00280103') === 1,
    samplesPerPixel: number('00280002') ?? 1,
    photometric: text('00280004') ?? 'MONOCHROME2',
    planarConfiguration: number('00280006') ?? 0,
  };
}

/** Series Number and Instance Number are integer strings (IS); the other numbers read alike are US. */
const integerStrings = new Set(['00200011', '00200013']);

function describe(ds: DataSet, path: string, fileSize: number): ImageHeader {
  // Files without a meta header carry the syntax parseDataSet guessed as a bare value.
  const transferSyntax = (ds.elements.x00020010 as { Value?: string } | undefined)?.Value ?? text(ds, 'x00020010') ?? IMPLICIT_LE;
  const syntax = TRANSFER_SYNTAXES[transferSyntax];
  const modality = text(ds, 'x00080060');
  const frames = ds.intString('x00280008') ?? 1;
  const shared = (frame: number, sequence: string) => functionalGroup(ds, frame, sequence) ?? ds;
  const orientation = numbersOf(shared(0, 'x00209116'), 'x00200037', 6) ?? numbersOf(ds, 'x00200037', 6);
  const measures = shared(0, 'x00289110');
  const spacing = positive(numbersOf(measures, 'x00280030', 2) ?? numbersOf(ds, 'x00280030', 2) ?? numbersOf(ds, 'x00181164', 2));
  const pixel = ds.elements[PIXEL_DATA]!;
  const pixelRoom = (syntax?.encoding === 'deflate' ? ds.byteArray.length : fileSize) - pixel.dataOffset;
  // Per-frame lists only for frame counts the file has room for (8 bytes a frame at least, one fragment item).
  const listed = Number.isSafeInteger(frames) && frames > 0 && frames * 8 <= pixelRoom ? frames : 0;
  const element = (tag: string) => `x${tag.toLowerCase()}`;
  const fields = sharedImageFields((tag) => text(ds, element(tag)), (tag) => (integerStrings.has(tag) ? ds.intString(element(tag)) : unsignedOf(ds, element(tag))));
  return {
    path,
    name: basename(path),
    fileSize,
    transferSyntax,
    encoding: syntax?.encoding,
    bigEndian: syntax?.bigEndian ?? false,
    seriesUid: text(ds, 'x0020000e') ?? `file:${path}`,
    sopInstanceUid: text(ds, 'x00080018'),
    ...fields,
    modality,
    frames: Number.isSafeInteger(frames) ? frames : NaN,
    orientation,
    pixelSpacing: spacing as [number, number] | undefined,
    sliceThickness: positive([numberOf(measures, 'x00180050') ?? numberOf(ds, 'x00180050') ?? numberOf(ds, 'x00180088') ?? NaN])?.[0],
    positions: listed ? framePositions(ds, listed, orientation) : [],
    rescale: Array.from({ length: listed }, (_, frame) => rescaleOf(ds, frame)),
    valueUnit: valueUnitOf(ds, modality),
    dicom: dicomInfoOf(ds, modality),
    pixelOffset: pixel.dataOffset,
    pixelLength: pixel.hadUndefinedLength ? -1 : pixel.length,
    pixelRoom,
  };
}

function describeNamed(ds: DataSet, path: string, fileSize: number): ImageHeader {
  try {
    return describe(ds, path, fileSize);
  } catch (error) {
    if (error instanceof TooFewValues) throw new VoxbenchError('CorruptFile', `${basename(path)} is damaged: ${error.message}.`);
    throw error;
  }
}

function parseError(error: unknown): string {
  const inner = (error as { exception?: unknown })?.exception ?? error;
  return inner instanceof Error ? inner.message : String(inner);
}

/** Nothing declares a deflated data set's size: 1 GiB holds any one image we know of, and stops a bomb. */
const MAX_INFLATED_DATA_SET = 1 << 30;

/** dicom-parser's own inflater with a bound: the meta header as it is, then the data set inflated. */
function inflateDataSet(bytes: Uint8Array, position: number): Buffer {
  const data = inflateRawSync(bytes.subarray(position), { maxOutputLength: MAX_INFLATED_DATA_SET });
  return Buffer.concat([bytes.subarray(0, position), data]);
}

/** dicom-parser on these bytes; for files without a meta header, the syntax their first element shows. */
export function parseDataSet(bytes: Uint8Array, untilTag?: string): DataSet {
  const bare = isDicomHead(bytes) && !(bytes.length >= 132 && String.fromCharCode(...bytes.subarray(128, 132)) === 'DICM');
  // A Buffer, because dicom-parser reads inflated data sets with Buffer methods in Node.
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Its types say the inflater returns nothing; it returns the whole byte array to parse.
  const inflater = inflateDataSet as unknown as (bytes: Uint8Array, position: number) => void;
  return dicomParser.parseDicom(buffer, { inflater, ...(untilTag && { untilTag }), ...(bare && { TransferSyntaxUID: bareSyntax(bytes) }) });
}

const FIRST_READ = 64 << 10;

/** Whether a tag's bytes occur anywhere in the file, in either byte order. */
function holdsTag(bytes: Uint8Array, group: number, element: number): boolean {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = Buffer.from([group & 0xff, group >> 8, element & 0xff, element >> 8]);
  const big = Buffer.from([group >> 8, group & 0xff, element >> 8, element & 0xff]);
  return buffer.includes(little) || buffer.includes(big);
}

/**
 * The header of one file, or why it holds no image to read: not DICOM at all, or DICOM without pixels (a
 * report, a DICOMDIR). Reads 64 KiB first and more only when the header is longer (enhanced multi-frame
 * files can carry megabytes of functional groups).
 */
export async function readImageHeader(path: string): Promise<ImageHeader | { skipped: string }> {
  const handle: FileHandle = await openForReading(path);
  try {
    const { size } = await handle.stat();
    for (let length = FIRST_READ; ; length *= 8) {
      const bytes = await readAt(handle, 0, Math.min(length, size));
      if (!isDicomHead(bytes)) return { skipped: 'not DICOM' };
      let ds: DataSet | undefined;
      let failure: string | undefined;
      try {
        ds = parseDataSet(bytes, PIXEL_DATA);
      } catch (error) {
        failure = parseError(error);
      }
      if (ds?.elements[PIXEL_DATA]) return describeNamed(ds, path, size);
      if (bytes.length < size) continue;
      // Whole to its Pixel Data yet without Rows (type 1 in every image): no image, whatever the parser stumbled on.
      if (failure && holdsTag(bytes, 0x7fe0, 0x0010) && !holdsTag(bytes, 0x0028, 0x0010)) return { skipped: 'no image' };
      if (failure) {
        const kind = /past end|end of buffer|unexpected end/i.test(failure) ? 'TruncatedFile' : 'CorruptFile';
        throw new VoxbenchError(kind, `${basename(path)} is truncated or damaged: its DICOM header cannot be parsed (${failure}).`);
      }
      return { skipped: 'no image' };
    }
  } finally {
    await handle.close();
  }
}
