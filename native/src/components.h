// Connected components by runs: each row's runs of mask voxels are labelled at once and joined (union-find) to
// the labelled voxels they touch in up to four earlier rows; a second pass renumbers 1.. in order of first voxel
// (as scipy.ndimage.label).
#pragma once
#include <cstring>
#include "volume.h"

struct ComponentCount {
  uint32_t count;
  std::vector<double> sizes;
};

// An earlier row a run may touch: (dy, dz) and how far the touch reaches past the run's ends in x.
struct RowStep {
  int dy, dz, reach;
};

inline std::vector<RowStep> earlier_rows(int connectivity) {
  int reach = connectivity == 6 ? 0 : 1;
  std::vector<RowStep> rows = {{-1, 0, reach}, {0, -1, reach}};
  if (connectivity >= 18) {
    int diagonal_reach = connectivity == 26 ? 1 : 0;
    rows.push_back({-1, -1, diagonal_reach});
    rows.push_back({1, -1, diagonal_reach});
  }
  return rows;
}

inline ComponentCount label_components(const uint8_t* mask, const Dims& d, int connectivity, uint32_t* labels) {
  const std::vector<RowStep> rows = earlier_rows(connectivity);
  std::vector<uint32_t> parent{0};
  std::vector<double> run_voxels{0};
  struct Run {
    int64_t start;
    uint32_t length;
  };
  std::vector<Run> runs;
  auto find = [&](uint32_t l) {
    while (parent[l] != l) l = parent[l] = parent[parent[l]];
    return l;
  };
  // The larger root goes under the smaller, so a parent never exceeds its child.
  auto join = [&](uint32_t a, uint32_t b) {
    a = find(a);
    b = find(b);
    if (a < b) parent[b] = a;
    else if (b < a) parent[a] = b;
  };
  for (int64_t z = 0; z < d.nz; z++)
    for (int64_t y = 0; y < d.ny; y++) {
      const int64_t row = d.nx * (y + d.ny * z);
      for (int64_t x = 0; x < d.nx;) {
        if (!mask[row + x]) {
          // Skip background eight voxels at a time.
          uint64_t word;
          if (x + 8 <= d.nx && (std::memcpy(&word, mask + row + x, 8), word == 0)) x += 8;
          else x++;
          continue;
        }
        int64_t end = x;
        while (end < d.nx && mask[row + end]) end++;
        uint32_t label = 0;
        for (const RowStep& r : rows) {
          if (y + r.dy < 0 || y + r.dy >= d.ny || z + r.dz < 0) continue;
          const uint32_t* other = labels + row + d.nx * (r.dy + d.ny * r.dz);
          uint32_t last = 0;
          for (int64_t t = std::max<int64_t>(x - r.reach, 0), stop = std::min<int64_t>(end + r.reach, d.nx); t < stop; t++) {
            if (!other[t] || other[t] == last) continue;
            last = other[t];
            if (label) join(label, last);
            else label = find(last);
          }
        }
        if (!label) {
          label = static_cast<uint32_t>(parent.size());
          parent.push_back(label);
          run_voxels.push_back(0);
        }
        run_voxels[label] += static_cast<double>(end - x);
        for (int64_t t = x; t < end; t++) labels[row + t] = label;
        runs.push_back({row + x, static_cast<uint32_t>(end - x)});
        x = end;
      }
    }
  std::vector<uint32_t> final_label(parent.size(), 0);
  uint32_t count = 0;
  for (size_t l = 1; l < parent.size(); l++) final_label[l] = parent[l] == l ? ++count : final_label[parent[l]];
  std::vector<double> sizes(count + 1, 0.0);
  for (size_t l = 1; l < parent.size(); l++) sizes[final_label[l]] += run_voxels[l];
  for (const Run& run : runs) {
    uint32_t* l = labels + run.start;
    const uint32_t renumbered = final_label[*l];
    for (uint32_t t = 0; t < run.length; t++) l[t] = renumbered;
  }
  return {count, sizes};
}
