// Decoders of two HDF5 chunk filters built on LZ4 blocks (vendor/lz4, BSD 2-clause): bitshuffle in its LZ4 mode
// (filter 32008, bitshuffle 0.3.5's bshuf_h5filter.c format) and the LZ4 filter (32004, H5Zlz4.c format).
// Each answers false on a damaged stream (sizes that disagree, a block LZ4 rejects); nothing is read or written
// outside the buffers given.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>
#include "vendor/lz4/lz4.h"

namespace hdf5_lz4 {

inline uint64_t be64(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; i++) v = (v << 8) | p[i];
  return v;
}

inline uint32_t be32(const uint8_t* p) { return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3]; }

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

// Undoes bitshuffle on `count` elements (a multiple of 8): the input holds one row of count/8 bytes per bit of
// the element (byte j, bit k -> row 8j + k), bit i of a row (least significant first) belonging to element i.
// Eight groups of 8 elements at a time: one word per row, a byte transpose, then a bit transpose per group.
inline void bit_unshuffle(const uint8_t* in, uint8_t* out, size_t count, size_t elem_size) {
  const size_t row = count / 8, wide = row - row % 8;
  uint64_t planes[8][8];  // [byte j of the element, at most 8][group]: byte m = byte j of element m of the group
  for (size_t g0 = 0; g0 < wide; g0 += 8) {
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
  // The groups left over, one at a time.
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

// Bitshuffle-LZ4: 8-byte BE uncompressed size, 4-byte BE block size in bytes, then per block of block-size
// elements (the last one cut to a multiple of 8) a 4-byte BE compressed size and an LZ4 block of the shuffled
// bytes; the count % 8 elements left over follow as is.
inline bool bitshuffle_lz4(const uint8_t* in, size_t in_size, uint8_t* out, size_t out_size, size_t elem_size) {
  if (in_size < 12 || elem_size == 0 || be64(in) != out_size || out_size % elem_size) return false;
  const size_t block_elems = be32(in + 8) / elem_size;
  if (block_elems == 0 || block_elems % 8) return false;
  const size_t count = out_size / elem_size;
  // No block holds more than the chunk (a damaged header may claim gigabytes).
  std::vector<uint8_t> shuffled(std::min(block_elems, count) * elem_size);
  size_t at = 12, done = 0;
  while (count - done >= 8) {
    size_t elems = count - done >= block_elems ? block_elems : (count - done) - (count - done) % 8;
    if (at + 4 > in_size) return false;
    const uint32_t packed = be32(in + at);
    at += 4;
    const int bytes = int(elems * elem_size);
    if (packed > in_size - at || LZ4_decompress_safe(reinterpret_cast<const char*>(in + at), reinterpret_cast<char*>(shuffled.data()), int(packed), bytes) != bytes) return false;
    at += packed;
    bit_unshuffle(shuffled.data(), out + done * elem_size, elems, elem_size);
    done += elems;
  }
  const size_t left = (count - done) * elem_size;
  if (at + left > in_size) return false;
  std::memcpy(out + done * elem_size, in + at, left);
  return true;
}

// LZ4 filter: 8-byte BE uncompressed size, 4-byte BE block size, then per block a 4-byte BE compressed size and
// the block, stored raw where that size equals the block's own.
inline bool lz4(const uint8_t* in, size_t in_size, uint8_t* out, size_t out_size) {
  if (in_size < 12 || be64(in) != out_size) return false;
  size_t block = be32(in + 8);
  if (block == 0) return out_size == 0;
  size_t at = 12, done = 0;
  while (done < out_size) {
    const size_t bytes = out_size - done < block ? out_size - done : block;
    if (at + 4 > in_size) return false;
    const uint32_t packed = be32(in + at);
    at += 4;
    if (packed > in_size - at) return false;
    if (packed == bytes) std::memcpy(out + done, in + at, bytes);
    else if (LZ4_decompress_safe(reinterpret_cast<const char*>(in + at), reinterpret_cast<char*>(out + done), int(packed), int(bytes)) != int(bytes)) return false;
    at += packed;
    done += bytes;
  }
  return true;
}

}  // namespace hdf5_lz4
