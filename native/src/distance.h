// Squared Euclidean distance in mm to the nearest voxel whose mask equals `target`: Felzenszwalb–Huttenlocher
// lower envelope of parabolas, one separable pass per axis, linear time; anisotropic through the spacing.
#pragma once
#include <cmath>
#include <limits>
#include "volume.h"

// d[q] = min_p (w (q - p))^2 + f[p] over f[0..n).
inline void envelope(int64_t n, double w, const double* f, double* d, int64_t* v, double* z) {
  const double inf = std::numeric_limits<double>::infinity();
  int64_t k = -1;
  for (int64_t q = 0; q < n; q++) {
    if (f[q] == inf) continue;
    double cross = -inf;
    while (k >= 0) {
      int64_t p = v[k];
      cross = (f[q] + (w * q) * (w * q) - (f[p] + (w * p) * (w * p))) / (2 * w * (q - p));
      if (cross > z[k]) break;
      k--;
    }
    k++;
    v[k] = q;
    z[k] = k == 0 ? -inf : cross;
  }
  if (k < 0) {
    for (int64_t q = 0; q < n; q++) d[q] = inf;
    return;
  }
  z[k + 1] = inf;
  for (int64_t q = 0, j = 0; q < n; q++) {
    while (z[j + 1] < w * q) j++;
    double step = w * (q - v[j]);
    d[q] = step * step + f[v[j]];
  }
}

// out[row k] = min over |j - k| <= reach of out[row j] + ((j - k) w)^2, for the n rows of `width` floats in each
// of `outer` blocks (rows of a block are `width` apart). Rows after k are still original; the last `reach` original
// rows before k are kept in a ring, so the extra memory is reach + 1 rows.
inline void windowed_pass(float* out, int64_t width, int64_t n, int64_t outer, int64_t outer_stride, int64_t reach, double w) {
  if (n < 2 || reach < 1) return;
  const int64_t ring_rows = reach + 1;
  std::vector<float> ring(width * ring_rows);
  for (int64_t o = 0; o < outer; o++) {
    float* base = out + o * outer_stride;
    for (int64_t k = 0; k < n; k++) {
      float* row = base + k * width;
      std::copy(row, row + width, ring.begin() + (k % ring_rows) * width);
      for (int64_t j = std::max<int64_t>(k - reach, 0); j <= std::min<int64_t>(k + reach, n - 1); j++) {
        if (j == k) continue;
        const float step = static_cast<float>((w * (j - k)) * (w * (j - k)));
        const float* other = j < k ? ring.data() + (j % ring_rows) * width : base + j * width;
        for (int64_t x = 0; x < width; x++) row[x] = std::min(row[x], other[x] + step);
      }
    }
  }
}

// Squared distances above `limit` may come out as infinity (pass infinity to get them all exact).
inline void squared_distance(const uint8_t* mask, const Dims& dims, const double spacing[3], uint8_t target, float limit, float* out) {
  const float inf = std::numeric_limits<float>::infinity();
  const int64_t nx = dims.nx, ny = dims.ny, nz = dims.nz;
  // x pass: two sweeps give the distance to the nearest target voxel in the row.
  std::vector<int64_t> nearest(nx);
  for (int64_t row = 0; row < ny * nz; row++) {
    const uint8_t* m = mask + row * nx;
    float* o = out + row * nx;
    int64_t last = -1;
    for (int64_t x = 0; x < nx; x++) {
      if ((m[x] != 0) == (target != 0)) last = x;
      nearest[x] = last;
    }
    last = -1;
    for (int64_t x = nx - 1; x >= 0; x--) {
      if ((m[x] != 0) == (target != 0)) last = x;
      int64_t best = nearest[x];
      if (last >= 0 && (best < 0 || last - x < x - best)) best = last;
      double step = best < 0 ? 0 : spacing[0] * (x - best);
      o[x] = best < 0 ? inf : static_cast<float>(step * step);
    }
  }
  int64_t longest = std::max(ny, nz);
  std::vector<double> f(longest), d(longest), z(longest + 1);
  std::vector<int64_t> v(longest);
  // Lines along y (or z) are gathered a plane at a time into a transposed buffer, so every read and write of
  // the volume runs along contiguous x rows (a strided walk per line misses the cache at 512³).
  std::vector<float> block;
  auto pass = [&](int64_t n, int64_t stride, double w, int64_t outer, int64_t outer_stride) {
    block.resize(nx * n);
    for (int64_t o = 0; o < outer; o++) {
      float* base = out + o * outer_stride;
      for (int64_t k = 0; k < n; k++)
        for (int64_t x = 0; x < nx; x++) block[x * n + k] = base[k * stride + x];
      for (int64_t x = 0; x < nx; x++) {
        float* line = block.data() + x * n;
        bool any = false;
        for (int64_t k = 0; k < n; k++) {
          // Beyond the limit a value can never bring a voxel within it: drop it from the envelope.
          f[k] = line[k] > limit ? std::numeric_limits<double>::infinity() : line[k];
          any |= f[k] != std::numeric_limits<double>::infinity();
        }
        if (!any) continue;
        envelope(n, w, f.data(), d.data(), v.data(), z.data());
        for (int64_t k = 0; k < n; k++) line[k] = static_cast<float>(d[k]);
      }
      for (int64_t k = 0; k < n; k++)
        for (int64_t x = 0; x < nx; x++) base[k * stride + x] = block[x * n + k];
    }
  };
  const int64_t reach_y = std::isinf(limit) ? ny : static_cast<int64_t>(std::sqrt(limit) / spacing[1]);
  const int64_t reach_z = std::isinf(limit) ? nz : static_cast<int64_t>(std::sqrt(limit) / spacing[2]);
  if (reach_y + reach_z <= 12) {
    // Small balls: the nearest voxel within the limit is at most reach rows away, so a windowed minimum over
    // whole rows (vectorised, cache-friendly) is exact below the limit and cheaper than the envelope.
    windowed_pass(out, nx, ny, nz, nx * ny, reach_y, spacing[1]);
    windowed_pass(out, nx * ny, nz, 1, 0, reach_z, spacing[2]);
    return;
  }
  if (ny > 1) pass(ny, nx, spacing[1], nz, nx * ny);
  if (nz > 1) pass(nz, nx * ny, spacing[2], ny, nx);
}
