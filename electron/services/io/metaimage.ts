// MetaImage (.mha: header and data in one file; .mhd: header, data in the file ElementDataFile names), ITK's
// own format and, like Voxbench, in LPS. The "Key = Value" header ends with ElementDataFile; LOCAL data
// starts on the next byte. CompressedData is one zlib (or gzip) stream, inflated in memory.
import { basename } from 'node:path';
import type { Dtype, Vec3 } from '../../common/contract.js';
import { VoxbenchError } from '../../common/errors.js';
import type { VolumeSource } from '../volume/model.js';
import { detachedDataPath } from './detachedData.js';
import { numbers, openRawVolume, readTextHeader } from './rawVoxels.js';
import type { OpenOptions, ScanReader } from './reader.js';

const ELEMENT_TYPES: Record<string, Dtype> = {
  MET_UCHAR: 'uint8',
  MET_CHAR: 'int8',
  MET_USHORT: 'uint16',
  MET_SHORT: 'int16',
  MET_UINT: 'uint32',
  MET_INT: 'int32',
  // MetaIO's LONG is 4 bytes on every platform (LONG_LONG is 8).
  MET_ULONG: 'uint32',
  MET_LONG: 'int32',
  MET_FLOAT: 'float32',
  MET_DOUBLE: 'float64',
};

/** The byte after the ElementDataFile line, which MetaIO requires to be the header's last. */
function headerEnd(text: string): number | undefined {
  const match = /^[ \t]*ElementDataFile[ \t]*=[^\n]*\n/im.exec(text);
  return match ? match.index + match[0].length : undefined;
}

function parseFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Za-z_][\w]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (match) fields.set(match[1]!.toLowerCase(), match[2]!);
  }
  return fields;
}

const isTrue = (value: string | undefined) => /^(true|1)$/i.test(value?.trim() ?? '');

/** ITK's TransformMatrix lists axis 0's direction, then axis 1's …: the direction matrix column by column. */
function directionOf(matrix: number[], rank: number): number[] {
  const direction = [1, 0, 0, 0, 1, 0, 0, 0, 1];
  const n = Math.min(rank, 3);
  if (matrix.length !== rank * rank || !matrix.every(Number.isFinite)) return direction;
  for (let row = 0; row < n; row++) for (let col = 0; col < n; col++) direction[row * 3 + col] = matrix[col * rank + row]! + 0;
  return direction;
}

function axisValues(values: number[], rank: number, fallback: number): Vec3 {
  return [0, 1, 2].map((axis) => (axis < rank && Number.isFinite(values[axis]) ? values[axis]! : fallback)) as Vec3;
}

async function open(path: string, { frame = 0 }: OpenOptions): Promise<VolumeSource> {
  const name = basename(path);
  const fail = (kind: string, message: string): never => {
    throw new VoxbenchError(kind, `${name} ${message}`);
  };
  const { text, dataOffset } = await readTextHeader(path, headerEnd);
  // Picked by its extension alone, a file that is not MetaIO must not have its lines quoted back.
  if (!isMetaImageHead(text)) fail('CorruptFile', 'is not a MetaImage header: it does not start with MetaIO "Key = Value" lines naming NDims.');
  const fields = parseFields(text);
  const field = (key: string) => fields.get(key.toLowerCase());
  const objectType = field('ObjectType');
  if (objectType && !/^image$/i.test(objectType)) fail('NotAVolume', `is a MetaIO ${objectType}, not an image.`);
  const rank = Number(field('NDims'));
  if (!Number.isInteger(rank) || rank < 2 || rank > 4) fail('NotAVolume', `has NDims = ${field('NDims') ?? '(none)'}; Voxbench reads 2-, 3- and 4-D images.`);
  const sizes = numbers(field('DimSize'));
  if (sizes.length !== rank || sizes.some((n) => !Number.isSafeInteger(n) || n < 1)) fail('CorruptFile', `has DimSize = ${field('DimSize') ?? '(none)'} for NDims = ${rank}.`);
  const elementType = field('ElementType')?.toUpperCase() ?? '';
  if (/_ARRAY$|_MATRIX$/.test(elementType) || Number(field('ElementNumberOfChannels') ?? 1) > 1) {
    fail('MultiComponent', `has ${field('ElementNumberOfChannels') ?? 'several'} components per voxel (${elementType}); Voxbench reads one value per voxel.`);
  }
  const dtype = ELEMENT_TYPES[elementType] ?? fail('UnsupportedDatatype', `has ElementType = ${field('ElementType') || '(none)'}; Voxbench reads ${Object.keys(ELEMENT_TYPES).join(', ')}.`);
  if (field('BinaryData') !== undefined && !isTrue(field('BinaryData'))) fail('UnsupportedEncoding', 'stores its voxels as text (BinaryData = False); Voxbench reads binary MetaImage.');
  const dataFile = field('ElementDataFile') ?? fail('CorruptFile', 'has no ElementDataFile line, so its voxels cannot be found.');
  if (/^LIST\b/i.test(dataFile) || /%/.test(dataFile)) fail('UnsupportedLayout', `spreads its voxels over several files (ElementDataFile = ${dataFile}); Voxbench reads one data file.`);
  const local = /^LOCAL$/i.test(dataFile);
  const headerSize = Number(field('HeaderSize') ?? 0);
  if (!Number.isSafeInteger(headerSize) || headerSize < -1) fail('CorruptFile', `has HeaderSize = ${field('HeaderSize')}; it must be a byte count or -1.`);
  const frames = rank === 4 ? sizes[3]! : 1;
  if (frame >= frames) fail('NoSuchFrame', `has ${frames} frame(s); frame ${frame} does not exist.`);

  const dims = axisValues(sizes, rank, 1);
  const spacing = axisValues(numbers(field('ElementSpacing') ?? field('ElementSize')), rank, 1);
  if (spacing.some((step) => !(step > 0))) fail('CorruptFile', `has ElementSpacing = ${field('ElementSpacing')}; spacings must be positive.`);
  const origin = axisValues(numbers(field('Offset') ?? field('Origin') ?? field('Position')), rank, 0);
  // AnatomicalOrientation is only a label: ITK places the image by TransformMatrix alone, and so do we.
  const matrix = numbers(field('TransformMatrix') ?? field('Rotation') ?? field('Orientation'));
  const layout = {
    name,
    dataPath: local ? path : await detachedDataPath(path, dataFile),
    dims,
    dtype,
    bigEndian: isTrue(field('ElementByteOrderMSB') ?? field('BinaryDataByteOrderMSB')),
    compression: isTrue(field('CompressedData')) ? ('deflate' as const) : ('none' as const),
    offset: local ? dataOffset : headerSize === -1 ? ('end' as const) : headerSize,
    frames,
    frame,
  };
  return openRawVolume(layout, { path, format: 'metaimage', spacing, origin, direction: directionOf(matrix, rank), unit: 'mm' });
}

/** A header whose first line is a MetaIO key and that names NDims or an image ObjectType. */
function isMetaImageHead(head: Uint8Array | string): boolean {
  const text = typeof head === 'string' ? head : Buffer.from(head).toString('latin1');
  return /^\s*[A-Za-z]\w*\s*=/.test(text) && /^\s*(NDims\s*=|ObjectType\s*=\s*Image\b)/im.test(text);
}

export const metaImageReader: ScanReader = {
  format: 'metaimage',
  extensions: ['.mha', '.mhd'],
  sniff: (head) => isMetaImageHead(head),
  open: (path, options) => open(path, options),
};
