// Applies one edit to a labelmap in place: each tool's mask from the kernels, landed by labelWrites.
// Runs inside a segment worker (see worker.ts); pure given its inputs, so replaying the log is bit-exact.
import { VoxbenchError } from '../../../common/errors.js';
import * as kernels from '../kernels/index.js';
import type { Dims, Labels, Mask, Scalars } from '../kernels/index.js';
import { worldToVoxel, type Geometry } from '../../volume/geometry.js';
import type { Region } from '../../../common/segmentCalls.js';
import { maskBox } from '../regions.js';
import type { Edit } from './edits.js';
import { addToSegment, clearSegment, maskOf, replaceSegment, voxelwise, type WriteRules } from './labelWrites.js';
import { morphology } from './morphology.js';
import { cutMask } from './scissors.js';
import { keepInRange, strokeMask } from './stroke.js';

export interface EditInput {
  labels: Labels;
  dims: Dims;
  geometry: Geometry;
  image?: Scalars;
  locked: number[];
  /** Label values in the table, for new segments (split islands). */
  values: number[];
  /** The labels an 'import' edit brings in. */
  imported?: Labels;
}

/**
 * Segment values an edit added to the table (islands split into new segments); `bounds` holds every change when
 * the tool knows it; `reach` is the box of a growing tool's region (its window widens while it touches a side).
 */
export type EditOutcome = { added: number[]; bounds?: Region; reach?: Region | null };

export function runEdit(edit: Edit, input: EditInput): EditOutcome {
  const { labels, dims, geometry, image } = input;
  const { spacing } = geometry;
  const locked = new Set(input.locked);
  const rules = (overwrite: 'all' | 'empty' = 'all'): WriteRules => ({ locked, overwrite });
  const segmentMask = (value: number) => maskOf(labels, value);
  const needImage = (): Scalars => image ?? (() => { throw new VoxbenchError('BadOperation', `${edit.tool} needs the image`); })();
  switch (edit.tool) {
    case 'paint':
    case 'erase': {
      const points = edit.space === 'world' ? worldToVoxel(geometry, edit.points) : edit.points;
      const { mask, box } = strokeMask({ ...edit, points }, dims, spacing, image);
      if (edit.tool === 'paint') addToSegment(labels, edit.segment, mask, rules(edit.overwrite), { dims, box });
      else clearSegment(labels, edit.segment, mask, locked, { dims, box });
      return { added: [], bounds: box };
    }
    case 'threshold': {
      const mask = new Uint8Array(labels.length).fill(1);
      if (edit.region) keepInBox(mask, dims, edit.region);
      keepInRange(mask, needImage(), edit.range);
      replaceSegment(labels, edit.segment, mask, rules(edit.overwrite));
      break;
    }
    case 'grow': {
      const seeds = edit.seeds.map(([x, y, z]) => x + dims[0] * (y + dims[1] * z));
      const allowed = voxelwise(new Uint8Array(labels.length), (i) => {
        const current = labels[i]!;
        return current === 0 || current === edit.segment || (edit.overwrite === 'all' && !locked.has(current)) ? 1 : 0;
      });
      const grown = kernels.growRegion(needImage(), dims, seeds, edit.range, edit.connectivity, allowed);
      addToSegment(labels, edit.segment, grown, rules(edit.overwrite));
      return { added: [], reach: maskBox(grown, dims) };
    }
    case 'growFromSeeds': {
      const chosen = new Set(edit.segments);
      const seeds = voxelwise(new Uint16Array(labels.length), (i) => (chosen.has(labels[i]!) ? labels[i]! : 0));
      const grown = kernels.growFromSeeds(needImage(), dims, seeds, edit.range);
      for (let i = 0; i < labels.length; i++) {
        const current = labels[i]!;
        if (grown[i] && (current === 0 || chosen.has(current)) && !locked.has(current)) labels[i] = grown[i]!;
      }
      return { added: [], reach: maskBox(grown, dims) };
    }
    case 'islands':
      return islands(edit, labels, dims, input.values);
    case 'morphology':
      replaceSegment(labels, edit.segment, morphology(segmentMask(edit.segment), dims, spacing, edit), rules(edit.overwrite));
      break;
    case 'fillHoles':
      replaceSegment(labels, edit.segment, kernels.fillHoles(segmentMask(edit.segment), dims, edit.perSliceAxis), rules(edit.overwrite));
      break;
    case 'interpolate':
      replaceSegment(labels, edit.segment, kernels.interpolateSlices(segmentMask(edit.segment), dims, edit.axis), rules(edit.overwrite));
      break;
    case 'smooth': {
      const mask = segmentMask(edit.segment);
      const smoothed = edit.method === 'median' ? kernels.medianFilter(mask, dims, edit.radiusVoxels) : kernels.gaussianSmooth(mask, dims, spacing, edit.sigmaMm);
      replaceSegment(labels, edit.segment, smoothed, rules(edit.overwrite));
      break;
    }
    case 'logical':
      replaceSegment(labels, edit.segment, logical(edit, segmentMask(edit.segment), edit.other === undefined ? undefined : segmentMask(edit.other)), rules(edit.overwrite));
      break;
    case 'scissors': {
      const mask = cutMask(edit, dims);
      if (edit.action === 'erase') clearSegment(labels, edit.segment, mask, locked);
      else addToSegment(labels, edit.segment ?? missing('scissors fill needs a segment'), mask, rules());
      break;
    }
    case 'delete':
      for (let i = 0; i < labels.length; i++) if (labels[i] === edit.value) labels[i] = 0;
      break;
    case 'merge': {
      const from = new Set(edit.from);
      for (let i = 0; i < labels.length; i++) if (from.has(labels[i]!)) labels[i] = edit.into;
      break;
    }
    case 'import': {
      const imported = input.imported ?? missing('import needs its labels');
      const mapping = new Map(edit.mapping);
      for (let i = 0; i < labels.length; i++) {
        const to = mapping.get(imported[i]!);
        if (to !== undefined && !locked.has(labels[i]!)) labels[i] = to;
      }
      break;
    }
  }
  return { added: [] };
}

function missing(what: string): never {
  throw new VoxbenchError('BadOperation', what);
}

function keepInBox(mask: Mask, dims: Dims, { min, max }: { min: number[]; max: number[] }): void {
  for (let z = 0; z < dims[2]; z++) {
    for (let y = 0; y < dims[1]; y++) {
      for (let x = 0; x < dims[0]; x++) {
        const outside = x < min[0]! || x >= max[0]! || y < min[1]! || y >= max[1]! || z < min[2]! || z >= max[2]!;
        if (outside) mask[x + dims[0] * (y + dims[1] * z)] = 0;
      }
    }
  }
}

function logical(edit: Extract<Edit, { tool: 'logical' }>, segment: Mask, other: Mask | undefined): Mask {
  const needOther = () => other ?? missing(`${edit.operation} needs another segment`);
  const result = new Uint8Array(segment.length);
  switch (edit.operation) {
    case 'union': {
      const o = needOther();
      return voxelwise(result, (i) => segment[i]! | o[i]!);
    }
    case 'intersect': {
      const o = needOther();
      return voxelwise(result, (i) => segment[i]! & o[i]!);
    }
    case 'subtract': {
      const o = needOther();
      return voxelwise(result, (i) => segment[i]! & (1 - o[i]!));
    }
    case 'invert':
      return voxelwise(result, (i) => 1 - segment[i]!);
    case 'copy':
      return needOther().slice();
    case 'clear':
      return result;
  }
}

/** Keep the largest island, remove small ones, or split islands into new segments (largest keeps the segment). */
function islands(edit: Extract<Edit, { tool: 'islands' }>, labels: Labels, dims: Dims, values: number[]): EditOutcome {
  const mask = maskOf(labels, edit.segment);
  if (edit.mode === 'keepLargest') replaceSegment(labels, edit.segment, kernels.keepLargestComponent(mask, dims, edit.connectivity), { locked: new Set(), overwrite: 'all' });
  else if (edit.mode === 'removeSmall') replaceSegment(labels, edit.segment, kernels.removeSmallComponents(mask, dims, edit.connectivity, edit.minVoxels), { locked: new Set(), overwrite: 'all' });
  else {
    const { labels: components, sizes } = kernels.labelComponents(mask, dims, edit.connectivity);
    // Largest first; ties by component number, so the order is the same on every run.
    const order = [...sizes.keys()].filter((k) => k > 0 && sizes[k]! >= edit.minVoxels).sort((a, b) => sizes[b]! - sizes[a]! || a - b);
    const limit = labels instanceof Uint8Array ? 255 : 65535;
    const free: number[] = [];
    for (let value = 1; value <= limit && free.length < order.length - 1; value++) if (!values.includes(value)) free.push(value);
    const valueOf = new Map(order.map((k, rank) => [k, rank === 0 ? edit.segment : free[rank - 1]]));
    for (let i = 0; i < labels.length; i++) if (mask[i]) labels[i] = valueOf.get(components[i]!) ?? 0;
    return { added: free.filter((value) => [...valueOf.values()].includes(value)) };
  }
  return { added: [] };
}
