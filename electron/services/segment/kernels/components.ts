import { Growable } from './growable.js';
import type { Components, Connectivity, Dims, Mask } from './types.js';

/** An earlier row a run may touch: (dy, dz) and how far the touch reaches past the run's ends in x. */
function earlierRows(connectivity: Connectivity): [dy: number, dz: number, reach: number][] {
  const reach = connectivity === 6 ? 0 : 1;
  const rows: [number, number, number][] = [[-1, 0, reach], [0, -1, reach]];
  if (connectivity !== 6) rows.push([-1, -1, connectivity === 26 ? 1 : 0], [1, -1, connectivity === 26 ? 1 : 0]);
  return rows;
}

/**
 * Connected components by runs (as native/src/components.h): each row's runs of mask voxels are labelled at once
 * and joined (union-find) to the labels they touch in up to four earlier rows; labels are then renumbered 1.. in
 * order of first voxel (as scipy.ndimage.label).
 */
export function labelComponents(mask: Mask, dims: Dims, connectivity: Connectivity): Components {
  const [nx, ny, nz] = dims;
  const labels = new Uint32Array(nx * ny * nz);
  const rows = earlierRows(connectivity);
  let parent = new Uint32Array(4096);
  let runVoxels = new Float64Array(4096);
  let next = 1;
  // (first voxel, length) of every run, so renumbering touches only mask voxels.
  const runs = new Growable((n) => new Uint32Array(n));
  const find = (label: number): number => {
    while (parent[label] !== label) label = parent[label] = parent[parent[label]!]!;
    return label;
  };
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      const row = nx * (y + ny * z);
      for (let x = 0; x < nx; ) {
        if (!mask[row + x]) {
          x++;
          continue;
        }
        let end = x;
        while (end < nx && mask[row + end]) end++;
        let label = 0;
        for (let r = 0; r < rows.length; r++) {
          const [dy, dz, reach] = rows[r]!;
          if (y + dy < 0 || y + dy >= ny || z + dz < 0) continue;
          const other = row + nx * (dy + ny * dz);
          for (let t = Math.max(x - reach, 0), last = 0, stop = Math.min(end + reach, nx); t < stop; t++) {
            const touched = labels[other + t]!;
            if (!touched || touched === last) continue;
            last = touched;
            const root = find(touched);
            // The larger root goes under the smaller, so a parent never exceeds its child.
            if (!label) label = root;
            else if (root < label) label = parent[label] = root;
            else if (root > label) parent[root] = label;
          }
        }
        if (!label) {
          if (next === parent.length) [parent, runVoxels] = [grown(parent), grown(runVoxels)];
          label = parent[next] = next++;
        }
        runVoxels[label]! += end - x;
        for (let t = row + x; t < row + end; t++) labels[t] = label;
        runs.push(row + x);
        runs.push(end - x);
        x = end;
      }
    }
  }
  const final = new Uint32Array(next);
  let count = 0;
  for (let label = 1; label < next; label++) final[label] = parent[label] === label ? ++count : final[parent[label]!]!;
  const sizes = new Float64Array(count + 1);
  for (let label = 1; label < next; label++) sizes[final[label]!]! += runVoxels[label]!;
  const starts = runs.result();
  for (let k = 0; k < starts.length; k += 2) {
    const [start, length] = [starts[k]!, starts[k + 1]!];
    labels.fill(final[labels[start]!]!, start, start + length);
  }
  return { labels, count, sizes };
}

function grown<T extends Uint32Array | Float64Array>(array: T): T {
  const bigger = new (array.constructor as new (n: number) => T)(array.length * 2);
  bigger.set(array);
  return bigger;
}
