// Shapes shared by the kernels: flat x-fastest volumes, index = x + nx * (y + ny * z).
#pragma once
#include <cstdint>
#include <vector>

struct Dims {
  int64_t nx, ny, nz;
  int64_t voxels() const { return nx * ny * nz; }
};

struct Step {
  int dx, dy, dz;
  int64_t offset;
};

// Neighbour steps of a voxel: 6 share a face, 18 a face or edge, 26 also a corner.
inline std::vector<Step> neighbour_steps(const Dims& d, int connectivity) {
  std::vector<Step> steps;
  for (int dz = -1; dz <= 1; dz++)
    for (int dy = -1; dy <= 1; dy++)
      for (int dx = -1; dx <= 1; dx++) {
        int order = (dx != 0) + (dy != 0) + (dz != 0);
        if (order == 0 || (connectivity == 6 && order > 1) || (connectivity == 18 && order > 2)) continue;
        steps.push_back({dx, dy, dz, dx + d.nx * (dy + d.ny * dz)});
      }
  return steps;
}

inline bool inside(const Dims& d, int64_t x, int64_t y, int64_t z, const Step& s) {
  return x + s.dx >= 0 && x + s.dx < d.nx && y + s.dy >= 0 && y + s.dy < d.ny && z + s.dz >= 0 && z + s.dz < d.nz;
}
