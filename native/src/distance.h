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

inline void squared_distance(const uint8_t* mask, const Dims& dims, const double spacing[3], uint8_t target, float* out) {
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
  auto pass = [&](int64_t n, int64_t stride, double w, int64_t start) {
    for (int64_t k = 0; k < n; k++) f[k] = out[start + k * stride];
    envelope(n, w, f.data(), d.data(), v.data(), z.data());
    for (int64_t k = 0; k < n; k++) out[start + k * stride] = static_cast<float>(d[k]);
  };
  // y then z passes, each line's voxels gathered into a contiguous buffer.
  if (ny > 1)
    for (int64_t zz = 0; zz < nz; zz++)
      for (int64_t x = 0; x < nx; x++) pass(ny, nx, spacing[1], x + nx * ny * zz);
  if (nz > 1)
    for (int64_t xy = 0; xy < nx * ny; xy++) pass(nz, nx * ny, spacing[2], xy);
}
