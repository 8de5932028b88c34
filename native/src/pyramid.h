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

// Integers sum exactly (8 voxels of up to 16 bits fit 32), floats in double, in TypeScript's order (upper slice first,
// row by row, from 0), so both backends give the same bits.
template <typename T>
using SumOf = std::conditional_t<std::is_floating_point_v<T>, double, std::conditional_t<sizeof(T) <= 2, int32_t, int64_t>>;

// One output row from rows u0, u1 of the upper slice and l0, l1 of the lower one (kTwoRows: not an odd last row;
// kLower: not an odd last slice): pairs of columns, then an odd last column alone. Branch-free inside, so it vectorises.
template <typename T, bool kLower, bool kTwoRows>
void halve_row(const T* u0, const T* u1, const T* l0, const T* l1, int64_t width, T* out) {
  constexpr int shift = 1 + kLower + kTwoRows;
  const int64_t pairs = width / 2;
  for (int64_t x = 0; x < pairs; x++) {
    SumOf<T> s = 0;
    s += u0[2 * x];
    s += u0[2 * x + 1];
    if constexpr (kTwoRows) s += u1[2 * x], s += u1[2 * x + 1];
    if constexpr (kLower) s += l0[2 * x], s += l0[2 * x + 1];
    if constexpr (kLower && kTwoRows) s += l1[2 * x], s += l1[2 * x + 1];
    out[x] = mean_of<T>(s, shift);
  }
  if (width % 2) {
    const int64_t last = width - 1;
    SumOf<T> s = 0;
    s += u0[last];
    if constexpr (kTwoRows) s += u1[last];
    if constexpr (kLower) s += l0[last];
    if constexpr (kLower && kTwoRows) s += l1[last];
    out[pairs] = mean_of<T>(s, shift - 1);
  }
}

// out (⌈w/2⌉ × ⌈h/2⌉) = the mean of each 2×2×2 block of upper and lower (null: the last slice of an odd count), of
// the voxels that exist at odd edges.
template <typename T>
void halve_slices(const T* upper, const T* lower, int64_t width, int64_t height, T* out) {
  const int64_t out_width = (width + 1) / 2, out_height = (height + 1) / 2;
  for (int64_t y = 0; y < out_height; y++) {
    const int64_t from = 2 * y * width;
    const bool two_rows = 2 * y + 1 < height;
    const T *u0 = upper + from, *u1 = two_rows ? u0 + width : u0, *l0 = lower ? lower + from : u0, *l1 = two_rows ? l0 + width : l0;
    T* row = out + y * out_width;
    if (lower && two_rows) halve_row<T, true, true>(u0, u1, l0, l1, width, row);
    else if (lower) halve_row<T, true, false>(u0, u1, l0, l1, width, row);
    else if (two_rows) halve_row<T, false, true>(u0, u1, l0, l1, width, row);
    else halve_row<T, false, false>(u0, u1, l0, l1, width, row);
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
