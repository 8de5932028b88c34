// Breadth-first floods: region growing within an intensity range, and the background reached from the border
// (for hole filling). The FIFO is a vector read from a moving head, so memory follows the region.
#pragma once
#include "volume.h"

template <typename T>
void grow_region(const T* image, const Dims& d, const std::vector<int64_t>& seeds, double lo, double hi, int connectivity,
                 const uint8_t* allowed, uint8_t* region) {
  std::vector<Step> steps = neighbour_steps(d, connectivity);
  std::vector<uint32_t> queue;
  auto accepts = [&](int64_t i) {
    double value = static_cast<double>(image[i]);
    return !region[i] && value >= lo && value <= hi && (!allowed || allowed[i] == 1);
  };
  for (int64_t seed : seeds)
    if (seed >= 0 && seed < d.voxels() && accepts(seed)) {
      region[seed] = 1;
      queue.push_back(static_cast<uint32_t>(seed));
    }
  for (size_t head = 0; head < queue.size(); head++) {
    int64_t i = queue[head];
    int64_t x = i % d.nx, y = (i / d.nx) % d.ny, z = i / (d.nx * d.ny);
    bool inner = x > 0 && x < d.nx - 1 && y > 0 && y < d.ny - 1 && z > 0 && z < d.nz - 1;
    for (const Step& s : steps) {
      if (!inner && !inside(d, x, y, z, s)) continue;
      int64_t j = i + s.offset;
      if (accepts(j)) {
        region[j] = 1;
        queue.push_back(static_cast<uint32_t>(j));
      }
    }
    // Drop the consumed half of the queue now and then so a large region does not keep it all.
    if (head > (1u << 20) && head * 2 > queue.size()) {
      queue.erase(queue.begin(), queue.begin() + static_cast<int64_t>(head) + 1);
      head = static_cast<size_t>(-1);
    }
  }
}

// scipy.ndimage.binary_fill_holes: everything not reached from the border through face-connected background is
// filled. per_slice_axis >= 0 fills each slice across that axis on its own.
inline void fill_holes(const uint8_t* mask, const Dims& d, int per_slice_axis, uint8_t* filled) {
  const int64_t n[3] = {d.nx, d.ny, d.nz};
  const int64_t stride[3] = {1, d.nx, d.nx * d.ny};
  std::vector<uint8_t> outside(d.voxels(), 0);
  std::vector<uint32_t> queue;
  auto reach = [&](int64_t i) {
    if (!mask[i] && !outside[i]) {
      outside[i] = 1;
      queue.push_back(static_cast<uint32_t>(i));
    }
  };
  int64_t i = 0;
  for (int64_t z = 0; z < d.nz; z++)
    for (int64_t y = 0; y < d.ny; y++)
      for (int64_t x = 0; x < d.nx; x++, i++) {
        bool border = ((x == 0 || x == d.nx - 1) && per_slice_axis != 0) || ((y == 0 || y == d.ny - 1) && per_slice_axis != 1) ||
                      ((z == 0 || z == d.nz - 1) && per_slice_axis != 2);
        if (border) reach(i);
      }
  for (size_t head = 0; head < queue.size(); head++) {
    int64_t v = queue[head];
    const int64_t at[3] = {v % d.nx, (v / d.nx) % d.ny, v / (d.nx * d.ny)};
    for (int axis = 0; axis < 3; axis++) {
      if (axis == per_slice_axis) continue;
      if (at[axis] > 0) reach(v - stride[axis]);
      if (at[axis] < n[axis] - 1) reach(v + stride[axis]);
    }
    if (head > (1u << 20) && head * 2 > queue.size()) {
      queue.erase(queue.begin(), queue.begin() + static_cast<int64_t>(head) + 1);
      head = static_cast<size_t>(-1);
    }
  }
  for (int64_t v = 0; v < d.voxels(); v++) filled[v] = outside[v] ? 0 : 1;
}
