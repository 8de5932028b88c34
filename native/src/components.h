// Connected components: one raster pass with union-find over the backward neighbours, then a renumbering pass
// so labels run 1.. in order of first voxel (as scipy.ndimage.label).
#pragma once
#include "volume.h"

struct ComponentCount {
  uint32_t count;
  std::vector<double> sizes;
};

inline ComponentCount label_components(const uint8_t* mask, const Dims& d, int connectivity, uint32_t* labels) {
  std::vector<Step> steps = neighbour_steps(d, connectivity, true);
  std::vector<uint32_t> parent{0};
  auto find = [&](uint32_t l) {
    while (parent[l] != l) l = parent[l] = parent[parent[l]];
    return l;
  };
  int64_t i = 0;
  for (int64_t z = 0; z < d.nz; z++)
    for (int64_t y = 0; y < d.ny; y++) {
      // Interior voxels (not on any face of the volume) need no bounds checks.
      bool inner_row = y > 0 && y < d.ny - 1 && z > 0;
      for (int64_t x = 0; x < d.nx; x++, i++) {
        if (!mask[i]) continue;
        bool inner = inner_row && x > 0 && x < d.nx - 1;
        uint32_t root = 0;
        for (const Step& s : steps) {
          if (!inner && !inside(d, x, y, z, s)) continue;
          uint32_t neighbour = labels[i + s.offset];
          if (!neighbour) continue;
          uint32_t other = find(neighbour);
          // The larger root goes under the smaller, so a parent never exceeds its child.
          if (!root) root = other;
          else if (other < root) root = parent[root] = other;
          else if (other > root) parent[other] = root;
        }
        if (!root) {
          root = static_cast<uint32_t>(parent.size());
          parent.push_back(root);
        }
        labels[i] = root;
      }
    }
  std::vector<uint32_t> final_label(parent.size(), 0);
  uint32_t count = 0;
  for (size_t l = 1; l < parent.size(); l++) final_label[l] = parent[l] == l ? ++count : final_label[parent[l]];
  std::vector<double> sizes(count + 1, 0.0);
  for (int64_t v = 0; v < d.voxels(); v++) {
    if (!labels[v]) continue;
    uint32_t l = labels[v] = final_label[labels[v]];
    sizes[l] += 1;
  }
  return {count, sizes};
}
