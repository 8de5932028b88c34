import { backwardSteps } from './neighbours.js';
import type { Components, Connectivity, Dims, Mask } from './types.js';

/** Connected components by one raster pass with union-find, numbered 1.. in order of first voxel (as scipy). */
export function labelComponents(mask: Mask, dims: Dims, connectivity: Connectivity): Components {
  const [nx, ny, nz] = dims;
  const labels = new Uint32Array(nx * ny * nz);
  const steps = backwardSteps(connectivity).map(([dx, dy, dz]) => ({ dx, dy, dz, offset: dx + nx * (dy + ny * dz) }));
  let parent = new Uint32Array(4096);
  let next = 1;
  const find = (label: number): number => {
    while (parent[label] !== label) label = parent[label] = parent[parent[label]!]!;
    return label;
  };
  for (let z = 0, i = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, i++) {
        if (!mask[i]) continue;
        let root = 0;
        for (const { dx, dy, dz, offset } of steps) {
          if (x + dx < 0 || x + dx >= nx || y + dy < 0 || y + dy >= ny || z + dz < 0) continue;
          const neighbour = labels[i + offset]!;
          if (!neighbour) continue;
          const other = find(neighbour);
          // Link the larger root under the smaller so parents never exceed their children.
          if (!root) root = other;
          else if (other < root) root = parent[root] = other;
          else if (other > root) parent[other] = root;
        }
        if (!root) {
          if (next === parent.length) {
            const bigger = new Uint32Array(parent.length * 2);
            bigger.set(parent);
            parent = bigger;
          }
          root = parent[next] = next;
          next++;
        }
        labels[i] = root;
      }
    }
  }
  const final = new Uint32Array(next);
  let count = 0;
  for (let label = 1; label < next; label++) final[label] = parent[label] === label ? ++count : final[parent[label]!]!;
  const sizes = new Float64Array(count + 1);
  for (let i = 0; i < labels.length; i++) {
    if (!labels[i]) continue;
    const label = (labels[i] = final[labels[i]!]!);
    sizes[label]!++;
  }
  return { labels, count, sizes };
}
