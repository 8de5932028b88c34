// The per-voxel work of a pyramid build (electron/services/volume/blockMean.ts holds the TypeScript twin): one slice
// of the next level as the 2×2×2 block mean of two slices of this level, and the finite value range of a slab.
#pragma once
#include <cmath>
#include <cstdint>
#include <type_traits>

namespace pyramid {

// A block's mean from its sum over `count` voxels (1, 2, 4 or 8): integers rounded half up, floor(sum / count + 0.5),
// exactly (an arithmetic shift floors negative sums too); floats as double, then the element type, as TypeScript stores it.
template <typename T, typename Sum>
inline T mean_of(Sum sum, int shift) {
  if constexpr (std::is_floating_point_v<T>) return T(sum / double(1 << shift));
  else return shift ? T((sum + (Sum(1) << (shift - 1))) >> shift) : T(sum);
}

// Integers sum exactly in 64 bits; floats in double, in TypeScript's order (upper slice first, row by row), so both
// backends give the same bits.
template <typename T>
using SumOf = std::conditional_t<std::is_floating_point_v<T>, double, int64_t>;

// Adds rows a and b (b only where two_rows: not at an odd last row) of one slice to the sums of an output row: pairs
// of columns, then an odd last column alone. `start`: the sums begin here (the upper slice).
template <typename T>
inline void add_rows(const T* a, const T* b, bool two_rows, int64_t width, SumOf<T>* sums, bool start) {
  const int64_t pairs = width / 2;
  for (int64_t x = 0; x < pairs; x++) {
    SumOf<T> s = start ? SumOf<T>(0) : sums[x];
    s += a[2 * x];
    s += a[2 * x + 1];
    if (two_rows) {
      s += b[2 * x];
      s += b[2 * x + 1];
    }
    sums[x] = s;
  }
  if (width % 2) {
    SumOf<T> s = start ? SumOf<T>(0) : sums[pairs];
    s += a[width - 1];
    if (two_rows) s += b[width - 1];
    sums[pairs] = s;
  }
}

// out (⌈w/2⌉ × ⌈h/2⌉) = the mean of each 2×2×2 block of upper and lower (null: the last slice of an odd count), of
// the voxels that exist at odd edges. `sums` holds ⌈w/2⌉ values.
template <typename T>
void halve_slices(const T* upper, const T* lower, int64_t width, int64_t height, T* out, SumOf<T>* sums) {
  const int64_t out_width = (width + 1) / 2, out_height = (height + 1) / 2;
  for (int64_t y = 0; y < out_height; y++) {
    const bool two_rows = 2 * y + 1 < height;
    const int64_t from = 2 * y * width;
    add_rows(upper + from, upper + from + width, two_rows, width, sums, true);
    if (lower) add_rows(lower + from, lower + from + width, two_rows, width, sums, false);
    const int depth_rows = (lower ? 1 : 0) + (two_rows ? 1 : 0);
    T* row = out + y * out_width;
    for (int64_t x = 0; x < width / 2; x++) row[x] = mean_of<T>(sums[x], depth_rows + 1);
    if (width % 2) row[out_width - 1] = mean_of<T>(sums[out_width - 1], depth_rows);
  }
}

// Folds the finite values of `values` into range[0] (min) and range[1] (max).
template <typename T>
void extend_range(const T* values, int64_t count, double range[2]) {
  if constexpr (std::is_floating_point_v<T>) {
    double lo = range[0], hi = range[1];
    for (int64_t i = 0; i < count; i++) {
      const double v = values[i];
      if (!std::isfinite(v)) continue;
      lo = v < lo ? v : lo;
      hi = v > hi ? v : hi;
    }
    range[0] = lo;
    range[1] = hi;
  } else {
    if (count == 0) return;
    T lo = values[0], hi = values[0];
    for (int64_t i = 1; i < count; i++) {
      lo = values[i] < lo ? values[i] : lo;
      hi = values[i] > hi ? values[i] : hi;
    }
    range[0] = std::fmin(range[0], double(lo));
    range[1] = std::fmax(range[1], double(hi));
  }
}

}  // namespace pyramid
