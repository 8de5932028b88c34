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
#include "bit_unshuffle.h"
#include "vendor/lz4/lz4.h"

namespace hdf5_lz4 {

inline uint64_t be64(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; i++) v = (v << 8) | p[i];
  return v;
}

inline uint32_t be32(const uint8_t* p) { return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3]; }

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
    bit_unshuffle::unshuffle(shuffled.data(), out + done * elem_size, elems, elem_size);
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
