// Multi-label grow: each voxel (within the range) takes the label of the seed that reaches it by the cheapest
// 6-connected path, cost = sum of |intensity steps| (Dijkstra from all seeds at once; stale entries skipped).
// Integer images of modest range use a bucket queue (Dial's algorithm: O(1) per step), others a binary heap.
#pragma once
#include <algorithm>
#include <cmath>
#include <type_traits>
#include <functional>
#include <limits>
#include <queue>
#include "volume.h"

// Buckets of voxels by path cost, a ring of (largest step + 1) buckets so only costs in reach are held.
class BucketQueue {
 public:
  explicit BucketQueue(int64_t largest_step) : buckets_(largest_step + 1) {}
  bool empty() const { return pending_ == 0; }
  void push(double cost, uint32_t voxel) {
    buckets_[static_cast<int64_t>(cost) % buckets_.size()].push_back(voxel);
    pending_++;
  }
  // The cheapest voxel: walk forward to the next non-empty bucket.
  std::pair<double, uint32_t> pop() {
    while (buckets_[current_ % buckets_.size()].empty()) current_++;
    auto& bucket = buckets_[current_ % buckets_.size()];
    uint32_t voxel = bucket.back();
    bucket.pop_back();
    pending_--;
    return {static_cast<double>(current_), voxel};
  }

 private:
  std::vector<std::vector<uint32_t>> buckets_;
  int64_t current_ = 0, pending_ = 0;
};

class CostHeap {
 public:
  bool empty() const { return heap_.empty(); }
  void push(double cost, uint32_t voxel) { heap_.push({cost, voxel}); }
  std::pair<double, uint32_t> pop() {
    auto top = heap_.top();
    heap_.pop();
    return top;
  }

 private:
  using Entry = std::pair<double, uint32_t>;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> heap_;
};

template <typename T, typename L, typename Queue>
void grow_with(Queue& queue, const T* image, const Dims& d, const L* seeds, bool ranged, double lo, double hi, L* labels) {
  std::vector<double> cost(d.voxels(), std::numeric_limits<double>::infinity());
  const std::vector<Step> faces = neighbour_steps(d, 6);
  for (int64_t i = 0; i < d.voxels(); i++) {
    labels[i] = seeds[i];
    if (seeds[i]) {
      cost[i] = 0;
      queue.push(0.0, static_cast<uint32_t>(i));
    }
  }
  while (!queue.empty()) {
    auto [reached, i] = queue.pop();
    if (reached > cost[i]) continue;
    int64_t x = i % d.nx, y = (i / d.nx) % d.ny, z = i / (d.nx * d.ny);
    for (const Step& s : faces) {
      if (!inside(d, x, y, z, s)) continue;
      int64_t j = i + s.offset;
      double value = static_cast<double>(image[j]);
      if (seeds[j] || (ranged && (value < lo || value > hi))) continue;
      double through = reached + std::fabs(value - static_cast<double>(image[i]));
      if (through < cost[j]) {
        cost[j] = through;
        labels[j] = labels[i];
        queue.push(through, static_cast<uint32_t>(j));
      }
    }
  }
}

template <typename T, typename L>
void grow_from_seeds(const T* image, const Dims& d, const L* seeds, bool ranged, double lo, double hi, L* labels) {
  if constexpr (std::is_integral_v<T>) {
    auto [low, high] = std::minmax_element(image, image + d.voxels());
    int64_t largest_step = static_cast<int64_t>(*high) - static_cast<int64_t>(*low);
    if (largest_step <= (1 << 20)) {
      BucketQueue queue(largest_step);
      return grow_with(queue, image, d, seeds, ranged, lo, hi, labels);
    }
  }
  CostHeap queue;
  grow_with(queue, image, d, seeds, ranged, lo, hi, labels);
}
