// HDF5 chunk filter pipelines undone natively: deflate (filter 1, a zlib stream: libdeflate, adler32 checked as
// zlib checks it for HDF5), shuffle (filter 2), LZ4 (32004) and bitshuffle-LZ4 (32008, hdf5_lz4.h). Every stage
// yields the whole chunk (HDF5 stores edge chunks whole), so a stream that decodes to any other size is damaged.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>
#include "hdf5_lz4.h"
#include "vendor/libdeflate/libdeflate.h"

namespace hdf5_filters {

enum Filter : uint32_t { DEFLATE = 1, SHUFFLE = 2, LZ4 = 32004, BITSHUFFLE_LZ4 = 32008 };

inline bool known(uint32_t filter) { return filter == DEFLATE || filter == SHUFFLE || filter == LZ4 || filter == BITSHUFFLE_LZ4; }

// Byte j of element i sits at in[j * count + i]; the bytes past the last whole element follow as they are.
template <size_t ElemSize>
void unshuffle_fixed(const uint8_t* in, uint8_t* out, size_t count) {
  for (size_t i = 0; i < count; i++)
    for (size_t j = 0; j < ElemSize; j++) out[i * ElemSize + j] = in[j * count + i];
}

inline void unshuffle(const uint8_t* in, uint8_t* out, size_t bytes, size_t elem_size) {
  const size_t count = bytes / elem_size;
  // The common sizes get a loop the compiler unrolls and vectorises.
  if (elem_size == 2) unshuffle_fixed<2>(in, out, count);
  else if (elem_size == 4) unshuffle_fixed<4>(in, out, count);
  else if (elem_size == 8) unshuffle_fixed<8>(in, out, count);
  else
    for (size_t i = 0; i < count; i++)
      for (size_t j = 0; j < elem_size; j++) out[i * elem_size + j] = in[j * count + i];
  std::memcpy(out + count * elem_size, in + count * elem_size, bytes - count * elem_size);
}

struct DecompressorFree {
  void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
};

// What one thread needs to undo a pipeline: a scratch chunk and its own inflater.
struct Workspace {
  std::vector<uint8_t> scratch;
  std::unique_ptr<libdeflate_decompressor, DecompressorFree> inflater{libdeflate_alloc_decompressor()};
};

// One stage from (in, in_size) to exactly out_size bytes at out; false where the stream is damaged.
inline bool undo(uint32_t filter, const uint8_t* in, size_t in_size, uint8_t* out, size_t out_size, size_t elem_size, Workspace& work) {
  switch (filter) {
    case DEFLATE:
      return work.inflater && libdeflate_zlib_decompress(work.inflater.get(), in, in_size, out, out_size, nullptr) == LIBDEFLATE_SUCCESS;
    case SHUFFLE:
      if (in_size != out_size) return false;
      unshuffle(in, out, out_size, elem_size);
      return true;
    case LZ4:
      return hdf5_lz4::lz4(in, in_size, out, out_size);
    case BITSHUFFLE_LZ4:
      return hdf5_lz4::bitshuffle_lz4(in, in_size, out, out_size, elem_size);
  }
  return false;
}

// Undoes `filters` (in the order HDF5 applied them when writing) on one stored chunk, skipping filter i where bit i
// of `mask` is set, into `out` (the whole chunk, out_size bytes). False where the stream is damaged.
inline bool decode(const std::vector<uint32_t>& filters, uint32_t mask, const uint8_t* in, size_t in_size, uint8_t* out, size_t out_size, size_t elem_size,
                   Workspace& work) {
  size_t stages = 0;
  for (size_t i = 0; i < filters.size(); i++) stages += !(mask >> i & 1);
  if (stages == 0) {
    if (in_size != out_size) return false;
    std::memcpy(out, in, out_size);
    return true;
  }
  if (stages > 1) work.scratch.resize(out_size);
  // Stages alternate between `out` and the scratch chunk so that the last one writes into `out`.
  const uint8_t* from = in;
  size_t from_size = in_size;
  for (size_t i = filters.size(), left = stages; i-- > 0;) {
    if (mask >> i & 1) continue;
    uint8_t* to = --left % 2 == 0 ? out : work.scratch.data();
    if (!undo(filters[i], from, from_size, to, out_size, elem_size, work)) return false;
    from = to;
    from_size = out_size;
  }
  return true;
}

}  // namespace hdf5_filters
