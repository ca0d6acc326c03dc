// Portable seeded random draws for plans and batch orders. std::mt19937_64 is
// exactly specified by the standard; the distributions are ours (the
// standard's are implementation-defined), so results match across platforms.
#pragma once

#include <cstdint>
#include <random>
#include <utility>
#include <vector>

namespace plumage::train {

class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}
  // Independent stream for (seed, stream id): e.g. one per epoch.
  Rng(uint64_t seed, uint64_t stream) : engine_(mix(seed, stream)) {}

  // Uniform integer in [0, n), n > 0, without modulo bias (rejection).
  uint64_t below(uint64_t n) {
    const uint64_t limit = UINT64_MAX - (UINT64_MAX % n) - 1;
    uint64_t x;
    do x = engine_(); while (x > limit);
    return x % n;
  }
  // Fisher-Yates shuffle.
  template <typename T>
  void shuffle(std::vector<T>& v) {
    for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[below(i)]);
  }
  uint64_t next() { return engine_(); }

 private:
  static uint64_t mix(uint64_t seed, uint64_t stream) {
    // splitmix64 of both, so nearby seeds/streams give unrelated engines.
    uint64_t z = seed * 0x9E3779B97F4A7C15ULL + stream + 0x632BE59BD9B4E019ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  std::mt19937_64 engine_;
};

}  // namespace plumage::train
