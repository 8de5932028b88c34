// One region of a chunked HDF5 dataset read and decoded on several threads: each thread takes the next chunk of
// the list, reads its stored bytes with pread, undoes its filters (hdf5_filters.h) and copies the rows the region
// needs. Chunks are disjoint, so threads never write the same voxel. A failing chunk (short read, damaged stream,
// no memory) stops the others and is reported back; nothing throws out of a thread.
#pragma once
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <mutex>
#include <new>
#include <system_error>
#include <thread>
#include <vector>
#include <fcntl.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/mman.h>
#endif
#include "hdf5_filters.h"
#include "work_threads.h"

namespace hdf5_chunks {

struct StoredChunk {
  uint64_t address, size;
  uint32_t filter_mask;
  int64_t origin[3];  // x, y, z
};

struct Dataset {
  int fd;
  std::vector<uint32_t> filters;
  size_t elem_size;
  int64_t chunk[3];  // x, y, z extents of a whole chunk
  size_t chunk_bytes() const { return size_t(chunk[0] * chunk[1] * chunk[2]) * elem_size; }
};

struct Region {
  uint8_t* data;
  int64_t min[3], extent[3];
};

// The first chunk (by list position) that failed and why; chunk < 0: none.
struct Failure {
  int64_t chunk = -1;
  const char* reason = nullptr;
};

// Copies the part of a decoded chunk (whole, at `origin`) that lies in the region.
inline void place(const uint8_t* decoded, const int64_t origin[3], const int64_t chunk[3], const Region& r, size_t elem_size) {
  int64_t lo[3], hi[3];
  for (int a = 0; a < 3; a++) {
    lo[a] = std::max(origin[a], r.min[a]);
    hi[a] = std::min(origin[a] + chunk[a], r.min[a] + r.extent[a]);
    if (hi[a] <= lo[a]) return;
  }
  const size_t row = size_t(hi[0] - lo[0]) * elem_size;
  for (int64_t z = lo[2]; z < hi[2]; z++)
    for (int64_t y = lo[1]; y < hi[1]; y++) {
      const size_t from = size_t(((z - origin[2]) * chunk[1] + y - origin[1]) * chunk[0] + lo[0] - origin[0]) * elem_size;
      const size_t to = size_t(((z - r.min[2]) * r.extent[1] + y - r.min[1]) * r.extent[0] + lo[0] - r.min[0]) * elem_size;
      std::memcpy(r.data + to, decoded + from, row);
    }
}

// Where a whole chunk is one run of the region's bytes (it spans the region's rows and planes, as chunks of whole
// detector frames do), so it decodes in place without a copy; else null.
inline uint8_t* run_in_region(const int64_t origin[3], const int64_t chunk[3], const Region& r, size_t elem_size) {
  if (origin[0] != r.min[0] || chunk[0] != r.extent[0] || origin[1] != r.min[1] || chunk[1] != r.extent[1]) return nullptr;
  if (origin[2] < r.min[2] || origin[2] + chunk[2] > r.min[2] + r.extent[2]) return nullptr;
  return r.data + size_t((origin[2] - r.min[2]) * r.extent[1] * r.extent[0]) * elem_size;
}

// All `size` bytes at `address`, through short reads and interrupts; false at the end of the file or an error.
inline bool read_fully(int fd, uint8_t* into, uint64_t size, uint64_t address) {
  for (uint64_t done = 0; done < size;) {
    const ssize_t got = pread(fd, into + done, size - done, off_t(address + done));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    done += uint64_t(got);
  }
  return true;
}

// Asks for huge pages under the region (Linux, where transparent huge pages are on for madvise): a 64 MiB slab is
// otherwise 16,384 page faults as the threads first write it, and the faults cost more than the decoding.
inline void advise_huge_pages(uint8_t* data, size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  const uintptr_t huge = uintptr_t(1) << 21, start = (uintptr_t(data) + huge - 1) & ~(huge - 1), end = (uintptr_t(data) + bytes) & ~(huge - 1);
  if (end > start) madvise(reinterpret_cast<void*>(start), end - start, MADV_HUGEPAGE);
#endif
}

// Asks the kernel to start reading these bytes into the page cache, and returns at once (where POSIX has the call).
inline void will_need(int fd, uint64_t offset, uint64_t length) {
#ifdef POSIX_FADV_WILLNEED
  posix_fadvise(fd, off_t(offset), off_t(length), POSIX_FADV_WILLNEED);
#endif
}

// Asks the kernel to start reading every chunk of the list now, in list order, adjacent chunks as one range. From a cold
// page cache the threads' preads then find their bytes on the way instead of queueing one by one between decodes (the y
// and x centre slices of a 4 GiB file, 441 chunks each, read together: 340-390 -> 175-187 ms); warm, ~2 us a chunk.
inline void advise_will_need(int fd, const std::vector<StoredChunk>& list) {
  for (size_t i = 0; i < list.size();) {
    uint64_t start = list[i].address, end = start + list[i].size;
    while (++i < list.size() && list[i].address == end) end += list[i].size;
    will_need(fd, start, end - start);
  }
}

// Reads, decodes and places the chunks of `list` into the regions (disjoint) on up to `threads` threads.
inline Failure read_region(const Dataset& dataset, const std::vector<StoredChunk>& list, const std::vector<Region>& regions, unsigned threads) {
  if (list.empty()) return {};
  // On a thread of its own: the kernel takes a while to queue a long range, and decoding starts meanwhile.
  std::thread adviser;
  if (list.size() > 1) {
    try {
      adviser = std::thread(advise_will_need, dataset.fd, std::cref(list));
    } catch (const std::system_error&) {
      // no thread to be had: the reads go one by one
    }
  }
  for (const Region& region : regions) advise_huge_pages(region.data, size_t(region.extent[0] * region.extent[1] * region.extent[2]) * dataset.elem_size);
  std::atomic<size_t> next{0};
  std::atomic<bool> stop{false};
  std::mutex failed_lock;
  Failure failed;
  auto fail = [&](size_t chunk, const char* reason) {
    std::lock_guard<std::mutex> hold(failed_lock);
    if (failed.chunk < 0 || int64_t(chunk) < failed.chunk) failed = {int64_t(chunk), reason};
    stop = true;
  };
  auto work = [&] {
    size_t i = 0;
    try {
      hdf5_filters::Workspace workspace;
      std::vector<uint8_t> stored, decoded(dataset.chunk_bytes());
      if (!workspace.inflater) throw std::bad_alloc();
      while (!stop && (i = next++) < list.size()) {
        const StoredChunk& c = list[i];
        stored.resize(c.size);
        if (!read_fully(dataset.fd, stored.data(), c.size, c.address)) return fail(i, "it could not be read (the file ends before it, or the disk failed)");
        uint8_t* run = nullptr;
        for (size_t r = 0; r < regions.size() && !run; r++) run = run_in_region(c.origin, dataset.chunk, regions[r], dataset.elem_size);
        if (!hdf5_filters::decode(dataset.filters, c.filter_mask, stored.data(), stored.size(), run ? run : decoded.data(), decoded.size(), dataset.elem_size, workspace))
          return fail(i, "its stream is damaged (it does not decode to a whole chunk)");
        if (!run)
          for (const Region& region : regions) place(decoded.data(), c.origin, dataset.chunk, region, dataset.elem_size);
      }
    } catch (const std::bad_alloc&) {
      fail(std::min(i, list.size() - 1), "there was no memory to decode it");
    }
  };
  run_on_threads(std::min<size_t>(threads, list.size()), work);
  if (adviser.joinable()) adviser.join();
  return failed;
}

}  // namespace hdf5_chunks
