// Separable smoothing: every line along one axis correlated with an odd-length kernel, borders mirrored
// (scipy's mode 'reflect'). Lines along y and z are filtered a whole x row at a time (contiguous, vectorised).
#pragma once
#include <algorithm>
#include "volume.h"

inline int64_t mirror(int64_t k, int64_t n) {
  int64_t period = ((k % (2 * n)) + 2 * n) % (2 * n);
  return period < n ? period : 2 * n - 1 - period;
}

// Lines of length n along the axis, `width` values per row (1 for x lines), `outer` blocks of n rows.
inline void filter_axis(float* v, int64_t width, int64_t n, int64_t outer, int64_t outer_stride, int64_t line_stride,
                        const std::vector<double>& w) {
  const int64_t r = static_cast<int64_t>(w.size() - 1) / 2;
  std::vector<float> original(width * n);
  std::vector<double> sum(width);
  for (int64_t o = 0; o < outer; o++) {
    float* base = v + o * outer_stride;
    for (int64_t k = 0; k < n; k++) std::copy(base + k * line_stride, base + k * line_stride + width, original.begin() + k * width);
    for (int64_t k = 0; k < n; k++) {
      std::fill(sum.begin(), sum.end(), 0.0);
      for (int64_t t = 0; t <= 2 * r; t++) {
        const float* row = original.data() + mirror(k - r + t, n) * width;
        const double weight = w[t];
        for (int64_t x = 0; x < width; x++) sum[x] += weight * row[x];
      }
      std::copy(sum.begin(), sum.end(), base + k * line_stride);
    }
  }
}

// x lines are contiguous: each is copied once into a mirrored, padded buffer and correlated directly.
inline void filter_x_lines(float* v, int64_t nx, int64_t lines, const std::vector<double>& w) {
  const int64_t r = static_cast<int64_t>(w.size() - 1) / 2;
  std::vector<float> padded(nx + 2 * r);
  for (int64_t line = 0; line < lines; line++) {
    float* row = v + line * nx;
    for (int64_t k = -r; k < nx + r; k++) padded[k + r] = row[mirror(k, nx)];
    for (int64_t k = 0; k < nx; k++) {
      double sum = 0;
      for (size_t t = 0; t < w.size(); t++) sum += w[t] * padded[k + t];
      row[k] = static_cast<float>(sum);
    }
  }
}

// axis 0: each x line on its own; axis 1: per z slab, rows of nx; axis 2: rows of nx * ny. The copy of one
// block (a slab, or for z the whole volume split into x rows) keeps the extra memory to one slab.
inline void filter_volume_axis(float* v, const Dims& d, int axis, const std::vector<double>& w) {
  if (axis == 0) filter_x_lines(v, d.nx, d.ny * d.nz, w);
  else if (axis == 1) filter_axis(v, d.nx, d.ny, d.nz, d.nx * d.ny, d.nx, w);
  else
    for (int64_t y = 0; y < d.ny; y++) filter_axis(v + y * d.nx, d.nx, d.nz, 1, 0, d.nx * d.ny, w);
}
