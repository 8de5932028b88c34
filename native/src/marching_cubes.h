// Table-driven marching cubes. Vertices on a cube edge are shared by the cubes around it through two slices of
// edge caches; positions are index * spacing; Bourke's winding faces toward lower values (outward).
#pragma once
#include <algorithm>
#include "triangle_table.h"
#include "volume.h"

struct MeshBuffers {
  std::vector<float> positions;
  std::vector<uint32_t> indices;
};

// Bourke's edges as {corner dx, dy, dz, axis}: the edge starts at that corner and runs along the axis.
static const int kEdges[12][4] = {{0, 0, 0, 0}, {1, 0, 0, 1}, {0, 1, 0, 0}, {0, 0, 0, 1}, {0, 0, 1, 0}, {1, 0, 1, 1},
                                  {0, 1, 1, 0}, {0, 0, 1, 1}, {0, 0, 0, 2}, {1, 0, 0, 2}, {1, 1, 0, 2}, {0, 1, 0, 2}};
static const int kCorners[8][3] = {{0, 0, 0}, {1, 0, 0}, {1, 1, 0}, {0, 1, 0}, {0, 0, 1}, {1, 0, 1}, {1, 1, 1}, {0, 1, 1}};

template <typename T>
MeshBuffers marching_cubes(const T* volume, const Dims& d, const double spacing[3], double level) {
  MeshBuffers mesh;
  const int64_t nx = d.nx, plane = d.nx * d.ny;
  // cache[axis][layer][x + nx * y]: vertex on the edge starting there; layer 0 = slice z, 1 = z + 1 (z edges: 0 only).
  std::vector<int32_t> cache[3][2];
  for (auto& axis : cache)
    for (auto& layer : axis) layer.assign(plane, -1);
  int64_t corner_offset[8];
  for (int c = 0; c < 8; c++) corner_offset[c] = kCorners[c][0] + nx * (kCorners[c][1] + d.ny * kCorners[c][2]);
  const int64_t axis_stride[3] = {1, nx, plane};

  auto vertex_on = [&](int edge, int64_t x, int64_t y, int64_t z) -> uint32_t {
    const int* e = kEdges[edge];
    int axis = e[3], layer = axis == 2 ? 0 : e[2];
    int64_t at = x + e[0] + nx * (y + e[1]);
    int32_t& cached = cache[axis][layer][at];
    if (cached >= 0) return static_cast<uint32_t>(cached);
    int64_t start = at + plane * (z + e[2]);
    double a = static_cast<double>(volume[start]), b = static_cast<double>(volume[start + axis_stride[axis]]);
    double p[3] = {static_cast<double>(x + e[0]), static_cast<double>(y + e[1]), static_cast<double>(z + e[2])};
    p[axis] += (level - a) / (b - a);
    cached = static_cast<int32_t>(mesh.positions.size() / 3);
    for (int k = 0; k < 3; k++) mesh.positions.push_back(static_cast<float>(p[k] * spacing[k]));
    return static_cast<uint32_t>(cached);
  };

  for (int64_t z = 0; z + 1 < d.nz; z++) {
    for (int64_t y = 0; y + 1 < d.ny; y++) {
      const T* row = volume + nx * (y + d.ny * z);
      for (int64_t x = 0; x + 1 < nx; x++) {
        int code = 0;
        for (int c = 0; c < 8; c++)
          if (static_cast<double>(row[x + corner_offset[c]]) < level) code |= 1 << c;
        if (code == 0 || code == 255) continue;
        for (const signed char* t = kTriangleTable[code]; t < kTriangleTable[code] + 16 && *t >= 0; t++) mesh.indices.push_back(vertex_on(*t, x, y, z));
      }
    }
    for (int axis = 0; axis < 2; axis++) {
      std::swap(cache[axis][0], cache[axis][1]);
      std::fill(cache[axis][1].begin(), cache[axis][1].end(), -1);
    }
    std::fill(cache[2][0].begin(), cache[2][0].end(), -1);
  }
  return mesh;
}
