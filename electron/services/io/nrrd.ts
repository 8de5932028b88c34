// NRRD (.nrrd: header then data; .nhdr: header, data in the file "data file" names), Teem's format, which
// 3D Slicer writes. Geometry from space directions and space origin, converted to LPS as ITK converts it
// (RAS and LAS flipped; LPS, scanner-xyz and 3D-…-handed spaces taken as they are); else from spacings.
// Raw data is read slab by slab; gzip data is inflated once. A trailing non-spatial axis is frames.
import { basename } from 'node:path';
import type { Dtype, Vec3 } from '../../common/contract.js';
import { VoxbenchError } from '../../common/errors.js';
import type { VolumeSource } from '../volume/model.js';
import { detachedDataPath } from './detachedData.js';
import { numbers, openForReading, openRawVolume, readAt, readTextHeader } from './rawVoxels.js';
import { commonUnit } from './units.js';
import type { OpenOptions, ScanReader } from './reader.js';

/** NRRD's spellings of each type; the first is the one nrrdWrite.ts writes. */
export const TYPE_WORDS: [Dtype, string[]][] = [
  ['int8', ['int8', 'signed char', 'int8_t']],
  ['uint8', ['uint8', 'uchar', 'unsigned char', 'uint8_t']],
  ['int16', ['int16', 'short', 'short int', 'signed short', 'signed short int', 'int16_t']],
  ['uint16', ['uint16', 'ushort', 'unsigned short', 'unsigned short int', 'uint16_t']],
  ['int32', ['int32', 'int', 'signed int', 'int32_t']],
  ['uint32', ['uint32', 'uint', 'unsigned int', 'uint32_t']],
  ['float32', ['float']],
  ['float64', ['double']],
];
const DTYPE_OF = new Map(TYPE_WORDS.flatMap(([dtype, words]) => words.map((word) => [word, dtype] as const)));

/** Sign of each world axis going from the file's space to LPS. */
const TO_LPS: Record<string, Vec3> = {
  'right-anterior-superior': [-1, -1, 1],
  ras: [-1, -1, 1],
  'left-anterior-superior': [-1, 1, 1],
  las: [-1, 1, 1],
  'left-posterior-superior': [1, 1, 1],
  lps: [1, 1, 1],
  'scanner-xyz': [1, 1, 1],
  '3d-right-handed': [1, 1, 1],
  '3d-left-handed': [1, 1, 1],
};

/** The header ends at its first empty line; a detached header may simply end. */
function headerEnd(text: string): number | undefined {
  const match = /\r?\n\r?\n/.exec(text);
  return match ? match.index + match[0].length : undefined;
}

function parseFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/).slice(1)) {
    if (line.startsWith('#') || line.includes(':=')) continue;
    const colon = line.indexOf(': ');
    // Teem accepts "datafile", "byteskip" … for the spaced field names.
    if (colon > 0) fields.set(line.slice(0, colon).trim().toLowerCase().replace(/\s+/g, ''), line.slice(colon + 2).trim());
  }
  return fields;
}

/** Per-axis words of a field: "(1,0,0) none (0,1,0)" or "domain list", quotes dropped. */
function axisWords(value: string | undefined): string[] {
  return value?.match(/\([^)]*\)|"[^"]*"|\S+/g)?.map((word) => word.replace(/^"|"$/g, '')) ?? [];
}

interface Axes {
  spatial: number[];
  frameAxis: number | undefined;
}

/** Which axes are space and which one (trailing) is frames; an interleaved component axis is refused. */
function classifyAxes(name: string, sizes: number[], directions: string[], kinds: string[]): Axes {
  const isSpatial = (axis: number) =>
    directions.length ? directions[axis] !== undefined && directions[axis] !== 'none' : kinds.length ? /^(domain|space)$/i.test(kinds[axis] ?? '') : axis < 3;
  const spatial = sizes.map((_, axis) => axis).filter(isSpatial);
  const other = sizes.map((_, axis) => axis).filter((axis) => !isSpatial(axis) && sizes[axis]! > 1);
  const describe = (axis: number) => `axis ${axis} (${kinds[axis] ?? 'non-spatial'}, ${sizes[axis]} values)`;
  if (spatial.length < 2 || spatial.length > 3) {
    throw new VoxbenchError('NotAVolume', `${name} has ${spatial.length} spatial axes; Voxbench reads 2-D and 3-D images.`);
  }
  const last = sizes.length - 1;
  if (other.some((axis) => axis !== last) || other.length > 1) {
    throw new VoxbenchError('MultiComponent', `${name} stores several values per voxel along ${describe(other[0]!)}, as a Slicer segmentation with overlapping layers or a vector image does; Voxbench reads one value per voxel for now.`);
  }
  return { spatial, frameAxis: other[0] };
}

/** Spacing, origin and direction in LPS, and the unit, from space directions or spacings. */
function geometryOf(name: string, fields: Map<string, string>, axes: Axes) {
  const space = fields.get('space')?.toLowerCase();
  const flip = space ? TO_LPS[space] : [1, 1, 1];
  if (!flip) throw new VoxbenchError('UnsupportedGeometry', `${name} is in space "${fields.get('space')}", which Voxbench cannot place in LPS.`);
  const directions = axisWords(fields.get('spacedirections'));
  const spacing: number[] = [];
  const direction = [1, 0, 0, 0, 1, 0, 0, 0, 1];
  const columns = axes.spatial.map((axis) => (directions.length ? numbers(directions[axis]) : undefined));
  if (columns.some((column) => column && (column.length !== 3 || !column.every(Number.isFinite)))) {
    throw new VoxbenchError('UnsupportedGeometry', `${name} has space directions "${fields.get('spacedirections')}"; Voxbench reads 3-D space vectors.`);
  }
  const spacings = numbers(fields.get('spacings'));
  axes.spatial.forEach((axis, col) => {
    const column = columns[col]?.map((value, row) => flip[row]! * value);
    const length = column ? Math.hypot(...column) : Math.abs(spacings[axis] ?? NaN);
    spacing.push(length > 0 && Number.isFinite(length) ? length : 1);
    if (column && length > 0) column.forEach((value, row) => (direction[row * 3 + col] = value / length + 0));
  });
  if (spacing.length === 2) {
    // A 2-D image in 3-D space: its normal, the cross product of its two axes, is the third axis.
    spacing.push(1);
    const at = (row: number, col: number) => direction[row * 3 + col]!;
    [0, 1, 2].forEach((row) => {
      const [p, q] = [(row + 1) % 3, (row + 2) % 3];
      direction[row * 3 + 2] = at(p, 0) * at(q, 1) - at(q, 0) * at(p, 1) + 0;
    });
  }
  const originValues = numbers(fields.get('spaceorigin'));
  const origin = [0, 1, 2].map((row) => (Number.isFinite(originValues[row]) ? flip[row]! * originValues[row]! + 0 : 0)) as Vec3;
  const perAxisUnits = axisWords(fields.get('units'));
  const { unit } = commonUnit(fields.has('spaceunits') ? axisWords(fields.get('spaceunits')) : axes.spatial.map((axis) => perAxisUnits[axis]));
  const physical = directions.length > 0 || spacings.length > 0;
  return { spacing: spacing as Vec3, origin, direction, unit: unit ?? (physical ? 'mm' : 'voxel') };
}

/** Offset of the byte after `lines` newlines from `start` (NRRD "line skip"). */
async function skipLines(name: string, path: string, start: number, lines: number): Promise<number> {
  if (lines === 0) return start;
  const handle = await openForReading(path, name);
  try {
    let offset = start;
    for (let left = lines; left > 0; ) {
      const chunk = await readAt(handle, offset, 64 << 10);
      if (!chunk.length) throw new VoxbenchError('TruncatedFile', `${name}: ${basename(path)} ends before the ${lines} lines the header says to skip.`);
      let at = -1;
      while (left > 0 && (at = chunk.indexOf(0x0a, at + 1)) >= 0) left--;
      offset += left > 0 ? chunk.length : at + 1;
    }
    return offset;
  } finally {
    await handle.close();
  }
}

async function open(path: string, { frame = 0 }: OpenOptions): Promise<VolumeSource> {
  const name = basename(path);
  const fail = (kind: string, message: string): never => {
    throw new VoxbenchError(kind, `${name} ${message}`);
  };
  const { text, dataOffset } = await readTextHeader(path, headerEnd);
  if (!/^NRRD000\d\r?$/.test(text.slice(0, text.indexOf('\n')))) fail('CorruptFile', 'does not start with a NRRD magic line (NRRD0001 … NRRD0005).');
  const fields = parseFields(text);
  const typeWord = fields.get('type')?.toLowerCase().replace(/\s+/g, ' ') ?? '';
  const dtype = DTYPE_OF.get(typeWord) ?? fail('UnsupportedDatatype', `has type "${fields.get('type') ?? ''}"; Voxbench reads 8-32 bit integers, float and double.`);
  const rank = Number(fields.get('dimension'));
  const sizes = numbers(fields.get('sizes'));
  if (!Number.isInteger(rank) || rank < 2 || rank > 4 || sizes.length !== rank || sizes.some((n) => !Number.isSafeInteger(n) || n < 1)) {
    fail('CorruptFile', `has dimension "${fields.get('dimension')}" and sizes "${fields.get('sizes')}"; Voxbench reads 2- to 4-D images with positive sizes.`);
  }
  const axes = classifyAxes(name, sizes, axisWords(fields.get('spacedirections')), axisWords(fields.get('kinds')));
  const frames = axes.frameAxis === undefined ? 1 : sizes[axes.frameAxis]!;
  if (frame >= frames) fail('NoSuchFrame', `has ${frames} frame(s); frame ${frame} does not exist.`);
  const encoding = fields.get('encoding')?.toLowerCase() ?? '';
  if (!['raw', 'gzip', 'gz'].includes(encoding)) {
    fail('UnsupportedEncoding', `uses encoding "${encoding}"; Voxbench reads raw and gzip NRRD (re-save it with one of those, e.g. in 3D Slicer or with unu save).`);
  }
  const dataFile = fields.get('datafile');
  if (dataFile && (/^LIST\b/.test(dataFile) || /%/.test(dataFile) || /\s\d+\s+\d+/.test(dataFile))) {
    fail('UnsupportedLayout', `spreads its voxels over several files (data file: ${dataFile}); Voxbench reads one data file.`);
  }
  const dataPath = dataFile ? await detachedDataPath(path, dataFile) : path;
  if (!dataFile && headerEnd(text) === undefined) fail('CorruptFile', 'has neither a data file nor voxel data after its header.');
  const [lineSkip, byteSkip] = ['lineskip', 'byteskip'].map((key) => Number(fields.get(key) ?? 0));
  if (!Number.isSafeInteger(lineSkip) || lineSkip! < 0 || !Number.isSafeInteger(byteSkip) || byteSkip! < -1) {
    fail('CorruptFile', `has line skip "${fields.get('lineskip')}" and byte skip "${fields.get('byteskip')}"; they must be counts (byte skip may be -1).`);
  }
  const start = await skipLines(name, dataPath, dataFile ? 0 : dataOffset, lineSkip!);
  const compressed = encoding !== 'raw';
  const dims = [0, 1, 2].map((i) => sizes[axes.spatial[i] ?? -1] ?? 1) as Vec3;
  const layout = {
    name,
    dataPath,
    dims,
    dtype,
    bigEndian: fields.get('endian')?.toLowerCase() === 'big',
    compression: compressed ? ('deflate' as const) : ('none' as const),
    // Teem skips bytes of the inflated stream for compressed encodings, of the file for raw.
    offset: byteSkip === -1 ? ('end' as const) : compressed ? start : start + byteSkip!,
    inflatedSkip: compressed ? byteSkip : 0,
    frames,
    frame,
  };
  return openRawVolume(layout, { path, format: 'nrrd', ...geometryOf(name, fields, axes) });
}

export const nrrdReader: ScanReader = {
  format: 'nrrd',
  extensions: ['.nrrd', '.nhdr'],
  sniff: (head) => /^NRRD000\d\r?\n/.test(Buffer.from(head.subarray(0, 16)).toString('latin1')),
  open: (path, options) => open(path, options),
};
