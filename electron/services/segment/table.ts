// The segment table: default names, values and colours, and the changes the log records.
import { VoxbenchError } from '../../common/errors.js';
import type { SegmentInfo } from '../../common/segmentCalls.js';

// Distinct colours in the order Slicer's Segment Editor hands them out (its GenericAnatomyColors start).
const palette: [number, number, number][] = [
  [128, 174, 128],
  [241, 214, 145],
  [177, 122, 101],
  [111, 184, 210],
  [216, 101, 79],
  [221, 130, 101],
  [144, 238, 144],
  [192, 104, 88],
  [220, 245, 20],
  [78, 63, 0],
  [255, 250, 220],
  [230, 220, 70],
];

export const defaultColor = (value: number): [number, number, number] => [...palette[(value - 1) % palette.length]!];

/** The smallest label value not in the table. */
export function nextValue(segments: SegmentInfo[]): number {
  const used = new Set(segments.map(({ value }) => value));
  for (let value = 1; value <= 65535; value++) if (!used.has(value)) return value;
  throw new VoxbenchError('TooManySegments', 'A labelmap holds at most 65535 segments.');
}

export function newSegment(segments: SegmentInfo[], wanted: { value?: number; name?: string; color?: [number, number, number] } = {}): SegmentInfo {
  const value = wanted.value ?? nextValue(segments);
  if (segments.some((s) => s.value === value)) throw new VoxbenchError('SegmentExists', `Label value ${value} is already segment "${segments.find((s) => s.value === value)!.name}".`);
  return { value, name: wanted.name ?? `Segment ${value}`, color: wanted.color ?? defaultColor(value), visible: true, locked: false };
}

export function segmentOf(segments: SegmentInfo[], value: number, volumeName: string): SegmentInfo {
  const segment = segments.find((s) => s.value === value);
  if (!segment) throw new VoxbenchError('UnknownSegment', `${volumeName} has no segment with label value ${value}.`);
  return segment;
}
