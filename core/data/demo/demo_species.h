// Demo dataset internals: species attributes, deterministic random numbers,
// and the texts derived from attributes (captions, descriptions).
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace plumage::data::demo {

// SplitMix64: the same sequence on every platform and compiler (the
// standard distributions are implementation-defined).
class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t next() {
    uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double uniform() { return (next() >> 11) * (1.0 / 9007199254740992.0); }  // [0, 1)
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  int below(int n) { return static_cast<int>(next() % static_cast<uint64_t>(n)); }
  bool chance(double p) { return uniform() < p; }
  double normal() {  // Box-Muller
    double u = uniform(), v = uniform();
    if (u < 1e-12) u = 1e-12;
    return std::sqrt(-2.0 * std::log(u)) * std::cos(6.283185307179586 * v);
  }

 private:
  uint64_t s_;
};

struct NamedColor {
  const char* name;
  std::array<int, 3> bgr;
};
const std::vector<NamedColor>& palette();

enum class WingPattern { Plain, Bars, Spots };
enum class BreastPattern { Plain, Streaked, Spotted };
enum class BeakShape { Conical, Thin, Hooked, Long };
enum class TailShape { Short, Long, Forked };
enum class Habitat { Forest, Open, Wetland, Dusk };

struct Species {
  std::string dir_name, display_name;  // "003.Crested_Blue_Finch", "Crested Blue Finch"
  int body = 0, wing = 0, head = 0, breast = 0, beak_color = 0, legs = 0, eye_ring = -1;  // palette indices; -1 = none
  WingPattern wing_pattern = WingPattern::Plain;
  BreastPattern breast_pattern = BreastPattern::Plain;
  BeakShape beak = BeakShape::Conical;
  TailShape tail = TailShape::Short;
  Habitat habitat = Habitat::Forest;
  double size = 1.0;  // 0.8 small, 1.0 medium, 1.2 large
  bool crest = false, mask = false;
};

// `n` species that pairwise differ in at least four attributes.
std::vector<Species> make_species(int n, Rng& rng);

// Per-image facts that captions may mention.
struct Scene {
  bool facing_left = false;
  Habitat background = Habitat::Forest;
};

const char* color_name(int palette_index);
std::string size_word(double size);
const char* beak_phrase(BeakShape b);
const char* tail_phrase(TailShape t);
const char* habitat_phrase(Habitat h);

// Ten lower-case captions in Reed et al.'s style, varied in wording.
std::vector<std::string> make_captions(const Species& s, const Scene& scene, Rng& rng);

// Structured description fields (Size, Shape, Coloration, ...) for a species.
std::vector<std::pair<std::string, std::string>> describe_species(const Species& s);

// CUB-style attribute list ("has_wing_color::blue", ...) and the attribute
// ids (1-based, into that list) true for a species.
const std::vector<std::string>& attribute_names();
std::vector<int> species_attributes(const Species& s);

}  // namespace plumage::data::demo
