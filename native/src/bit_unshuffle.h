// Undoing bitshuffle's bit transpose (bitshuffle 0.3.5, the layout of its HDF5 filter 32008). For `count` elements (a
// multiple of 8) the input holds one row of count/8 bytes per bit of the element (byte j, bit k -> row 8j + k), bit i
// of a row (least significant first) belonging to element i. A group is 8 elements: one byte of each row.
// With SSE2 (every x86-64), elements of an even size take bitshuffle's own trick: 16 rows' bytes of a group gathered
// into one vector, whose byte top bits (movemask) after a shift are 16 bits of one element.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace bit_unshuffle {

// Transposes an 8x8 bit matrix held in a word: bit k of byte m <-> bit m of byte k (bitshuffle's TRANS_BIT_8X8).
inline uint64_t transpose_8x8(uint64_t x) {
  uint64_t t = (x ^ (x >> 7)) & 0x00AA00AA00AA00AAULL;
  x = x ^ t ^ (t << 7);
  t = (x ^ (x >> 14)) & 0x0000CCCC0000CCCCULL;
  x = x ^ t ^ (t << 14);
  t = (x ^ (x >> 28)) & 0x00000000F0F0F0F0ULL;
  return x ^ t ^ (t << 28);
}

// Transposes the 8x8 byte matrix held in 8 words: byte g of w[k] <-> byte k of w[g].
inline void transpose_bytes_8x8(uint64_t w[8]) {
  for (int k = 0; k < 4; k++) {
    const uint64_t a = w[k], b = w[k + 4];
    w[k] = (a & 0x00000000FFFFFFFFULL) | (b << 32);
    w[k + 4] = (a >> 32) | (b & 0xFFFFFFFF00000000ULL);
  }
  for (int k : {0, 1, 4, 5}) {
    const uint64_t a = w[k], b = w[k + 2];
    w[k] = (a & 0x0000FFFF0000FFFFULL) | ((b & 0x0000FFFF0000FFFFULL) << 16);
    w[k + 2] = ((a >> 16) & 0x0000FFFF0000FFFFULL) | (b & 0xFFFF0000FFFF0000ULL);
  }
  for (int k : {0, 2, 4, 6}) {
    const uint64_t a = w[k], b = w[k + 1];
    w[k] = (a & 0x00FF00FF00FF00FFULL) | ((b & 0x00FF00FF00FF00FFULL) << 8);
    w[k + 1] = ((a >> 8) & 0x00FF00FF00FF00FFULL) | (b & 0xFF00FF00FF00FF00ULL);
  }
}

// Bytes 0-3 of x to the even bytes of the result (bytes 4-7 dropped).
inline uint64_t spread_bytes(uint64_t x) {
  x &= 0x00000000FFFFFFFFULL;
  x = (x | x << 16) & 0x0000FFFF0000FFFFULL;
  return (x | x << 8) & 0x00FF00FF00FF00FFULL;
}

// The scalar path from group `first` (a multiple of 8) on: eight groups of 8 elements at a time (one word per row, a
// byte transpose, then a bit transpose per group), then the groups left over one at a time.
inline void unshuffle_scalar(const uint8_t* in, uint8_t* out, size_t count, size_t elem_size, size_t first) {
  const size_t row = count / 8, wide = row - row % 8;
  uint64_t planes[8][8];  // [byte j of the element, at most 8][group]: byte m = byte j of element m of the group
  for (size_t g0 = first; g0 < wide; g0 += 8) {
    for (size_t j0 = 0; j0 < elem_size; j0 += 8) {
      const size_t js = std::min<size_t>(8, elem_size - j0);
      for (size_t j = 0; j < js; j++) {
        uint64_t* w = planes[j];
        for (int k = 0; k < 8; k++) std::memcpy(&w[k], in + (8 * (j0 + j) + k) * row + g0, 8);
        transpose_bytes_8x8(w);
        for (int g = 0; g < 8; g++) w[g] = transpose_8x8(w[g]);
      }
      uint8_t* elements = out + 8 * g0 * elem_size + j0;
      if (elem_size == 1) {
        std::memcpy(elements, planes[0], 64);
      } else if (elem_size == 2) {
        for (int g = 0; g < 8; g++) {
          const uint64_t lo = spread_bytes(planes[0][g]) | spread_bytes(planes[1][g]) << 8;
          const uint64_t hi = spread_bytes(planes[0][g] >> 32) | spread_bytes(planes[1][g] >> 32) << 8;
          std::memcpy(elements + 16 * g, &lo, 8);
          std::memcpy(elements + 16 * g + 8, &hi, 8);
        }
      } else {
        for (int g = 0; g < 8; g++)
          for (int m = 0; m < 8; m++)
            for (size_t j = 0; j < js; j++) elements[(8 * g + m) * elem_size + j] = uint8_t(planes[j][g] >> (8 * m));
      }
    }
  }
  for (size_t j = 0; j < elem_size; j++) {
    const uint8_t* rows = in + 8 * j * row;
    for (size_t g = wide; g < row; g++) {
      uint64_t x = 0;
      for (int k = 0; k < 8; k++) x |= uint64_t(rows[k * row + g]) << (8 * k);
      x = transpose_8x8(x);
      uint8_t* elements = out + 8 * g * elem_size + j;
      for (int m = 0; m < 8; m++) elements[m * elem_size] = uint8_t(x >> (8 * m));
    }
  }
}

#if defined(__SSE2__)
// Transposes 16 vectors of 16 bytes in place: byte g of v[k] <-> byte k of v[g].
inline void transpose_16x16(__m128i v[16]) {
  __m128i a[16], b[16];
  for (int i = 0; i < 8; i++) {  // a[i], a[i + 8]: groups 0-7, 8-15; 16-bit units of rows 2i, 2i + 1
    a[i] = _mm_unpacklo_epi8(v[2 * i], v[2 * i + 1]);
    a[i + 8] = _mm_unpackhi_epi8(v[2 * i], v[2 * i + 1]);
  }
  for (int h = 0; h < 16; h += 8)
    for (int i = 0; i < 4; i++) {  // b[h + i], b[h + 4 + i]: groups h..h+3, h+4..h+7; 32-bit units of rows 4i..4i+3
      b[h + i] = _mm_unpacklo_epi16(a[h + 2 * i], a[h + 2 * i + 1]);
      b[h + 4 + i] = _mm_unpackhi_epi16(a[h + 2 * i], a[h + 2 * i + 1]);
    }
  for (int q = 0; q < 16; q += 4)
    for (int i = 0; i < 2; i++) {  // a[q + i], a[q + 2 + i]: groups q, q+1 and q+2, q+3; 64-bit units of rows 8i..8i+7
      a[q + i] = _mm_unpacklo_epi32(b[q + 2 * i], b[q + 2 * i + 1]);
      a[q + 2 + i] = _mm_unpackhi_epi32(b[q + 2 * i], b[q + 2 * i + 1]);
    }
  for (int p = 0; p < 16; p += 2) {  // group p, then p + 1: rows 0-15
    v[p] = _mm_unpacklo_epi64(a[p], a[p + 1]);
    v[p + 1] = _mm_unpackhi_epi64(a[p], a[p + 1]);
  }
}

// Elements of an even size, 16 groups at a time; returns the first group it left to the scalar path.
inline size_t unshuffle_sse2(const uint8_t* in, uint8_t* out, size_t count, size_t elem_size) {
  const size_t row = count / 8, wide = row - row % 16;
  __m128i v[16];
  for (size_t g0 = 0; g0 < wide; g0 += 16)
    for (size_t p = 0; p < elem_size / 2; p++) {  // bytes 2p, 2p + 1 of each element: rows 16p..16p+15
      for (int k = 0; k < 16; k++) v[k] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in + (16 * p + k) * row + g0));
      transpose_16x16(v);
      for (int g = 0; g < 16; g++) {
        uint8_t* elements = out + 8 * (g0 + g) * elem_size + 2 * p;
        for (int m = 0; m < 8; m++) {
          const uint16_t bits = uint16_t(_mm_movemask_epi8(_mm_slli_epi16(v[g], 7 - m)));
          std::memcpy(elements + m * elem_size, &bits, 2);
        }
      }
    }
  return wide;
}
#endif

inline void unshuffle(const uint8_t* in, uint8_t* out, size_t count, size_t elem_size) {
  size_t first = 0;
#if defined(__SSE2__)
  if (elem_size % 2 == 0) first = unshuffle_sse2(in, out, count, elem_size);
#endif
  unshuffle_scalar(in, out, count, elem_size, first);
}

}  // namespace bit_unshuffle
