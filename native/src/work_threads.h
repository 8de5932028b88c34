// One list of work shared by several threads: each runs `work`, which takes the list's next item until none is left.
#pragma once
#include <functional>
#include <system_error>
#include <thread>
#include <vector>

// Runs `work` on this thread and on up to `threads - 1` more, and returns when all are done.
template <typename Work>
void run_on_threads(size_t threads, Work& work) {
  std::vector<std::thread> helpers;
  for (size_t t = 1; t < threads; t++) {
    try {
      helpers.emplace_back(std::ref(work));
    } catch (const std::system_error&) {
      break;  // no more threads to be had: the ones started (and this one) share the list
    }
  }
  work();
  for (std::thread& helper : helpers) helper.join();
}
