#include "core/data/demo/demo_species.h"

#include <algorithm>
#include <set>

namespace plumage::data::demo {

const std::vector<NamedColor>& palette() {
  static const std::vector<NamedColor> p = {
      {"red", {45, 45, 200}},      {"orange", {40, 130, 235}},    {"yellow", {50, 210, 240}},
      {"olive", {70, 140, 130}},   {"green", {70, 150, 70}},      {"blue", {190, 110, 40}},
      {"gray", {125, 115, 105}},   {"black", {40, 38, 36}},       {"white", {238, 238, 235}},
      {"brown", {55, 90, 140}},    {"buff", {150, 195, 225}},     {"chestnut", {40, 65, 150}},
      {"teal", {150, 140, 40}},    {"pink", {170, 140, 240}},
  };
  return p;
}

namespace {
enum : int { kRed, kOrange, kYellow, kOlive, kGreen, kBlue, kGray, kBlack, kWhite, kBrown, kBuff, kChestnut, kTeal, kPink };
const int kPlumage[] = {kRed, kOrange, kYellow, kOlive, kGreen, kBlue, kGray, kBlack, kWhite, kBrown, kBuff, kChestnut, kTeal};
const int kBeakColors[] = {kBlack, kYellow, kOrange, kGray, kPink};
const int kLegColors[] = {kBlack, kPink, kGray, kOrange};
const int kEyeRings[] = {-1, kWhite, kYellow, kRed};
const double kSizes[] = {0.8, 1.0, 1.2};
const int kMinDifferences = 4;

template <typename T, std::size_t N>
T pick(const T (&a)[N], Rng& rng) { return a[rng.below(static_cast<int>(N))]; }

int differences(const Species& a, const Species& b) {
  return (a.body != b.body) + (a.wing != b.wing) + (a.head != b.head) + (a.breast != b.breast) +
         (a.beak_color != b.beak_color) + (a.legs != b.legs) + (a.eye_ring != b.eye_ring) +
         (a.wing_pattern != b.wing_pattern) + (a.breast_pattern != b.breast_pattern) + (a.beak != b.beak) +
         (a.tail != b.tail) + (a.size != b.size) + (a.crest != b.crest) + (a.mask != b.mask);
}

Species random_species(Rng& rng) {
  Species s;
  s.body = pick(kPlumage, rng);
  s.wing = rng.chance(0.4) ? s.body : pick(kPlumage, rng);
  s.head = rng.chance(0.4) ? s.body : pick(kPlumage, rng);
  s.breast = rng.chance(0.3) ? s.body : pick(kPlumage, rng);
  s.beak_color = pick(kBeakColors, rng);
  s.legs = pick(kLegColors, rng);
  s.eye_ring = pick(kEyeRings, rng);
  s.wing_pattern = static_cast<WingPattern>(rng.below(3));
  s.breast_pattern = static_cast<BreastPattern>(rng.below(3));
  s.beak = static_cast<BeakShape>(rng.below(4));
  s.tail = static_cast<TailShape>(rng.below(3));
  s.habitat = static_cast<Habitat>(rng.below(4));
  s.size = pick(kSizes, rng);
  s.crest = rng.chance(0.25);
  s.mask = rng.chance(0.2);
  return s;
}

// Changes one attribute that a relative within the genus may differ in.
void mutate(Species& s, Rng& rng) {
  switch (rng.below(11)) {
    case 0: s.wing = pick(kPlumage, rng); break;
    case 1: s.head = pick(kPlumage, rng); break;
    case 2: s.breast = pick(kPlumage, rng); break;
    case 3: s.eye_ring = pick(kEyeRings, rng); break;
    case 4: s.wing_pattern = static_cast<WingPattern>(rng.below(3)); break;
    case 5: s.breast_pattern = static_cast<BreastPattern>(rng.below(3)); break;
    case 6: s.tail = static_cast<TailShape>(rng.below(3)); break;
    case 7: s.crest = !s.crest; break;
    case 8: s.mask = !s.mask; break;
    case 9: s.beak_color = pick(kBeakColors, rng); break;
    default: s.body = pick(kPlumage, rng); break;
  }
}

std::string capitalize(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

// Name candidates from the most visible attributes, most distinctive first.
std::vector<std::string> name_modifiers(const Species& s) {
  std::vector<std::string> m;
  const std::string head = capitalize(color_name(s.head)), wing = capitalize(color_name(s.wing));
  if (s.head != s.body) m.push_back(head + "-headed");
  if (s.wing != s.body) m.push_back(wing + "-winged");
  if (s.crest) m.push_back("Crested");
  if (s.mask) m.push_back("Masked");
  if (s.eye_ring >= 0) m.push_back(s.eye_ring == kWhite ? "Spectacled" : capitalize(color_name(s.eye_ring)) + "-eyed");
  if (s.breast_pattern == BreastPattern::Streaked) m.push_back("Streak-breasted");
  if (s.breast_pattern == BreastPattern::Spotted) m.push_back("Spotted");
  if (s.wing_pattern == WingPattern::Bars) m.push_back("Bar-winged");
  if (s.tail == TailShape::Long) m.push_back("Long-tailed");
  if (s.tail == TailShape::Forked) m.push_back("Fork-tailed");
  if (s.breast != s.body) m.push_back(capitalize(color_name(s.breast)) + "-breasted");
  m.push_back(capitalize(color_name(s.body)));
  m.push_back(s.size < 0.9 ? "Lesser" : s.size > 1.1 ? "Greater" : "Common");
  return m;
}

const char* genus_noun(BeakShape b, int k) {
  static const char* conical[] = {"Finch", "Grosbeak", "Bunting", "Seedeater"};
  static const char* thin[] = {"Warbler", "Vireo", "Flycatcher", "Gnatcatcher"};
  static const char* hooked[] = {"Shrike", "Tanager", "Butcherbird", "Puffbird"};
  static const char* longb[] = {"Kingfisher", "Sunbird", "Honeyeater", "Thrasher"};
  const char** list = b == BeakShape::Conical ? conical : b == BeakShape::Thin ? thin : b == BeakShape::Hooked ? hooked : longb;
  return list[k % 4];
}

}  // namespace

const char* color_name(int i) { return i < 0 ? "none" : palette().at(static_cast<std::size_t>(i)).name; }

std::string size_word(double size) { return size < 0.9 ? "small" : size > 1.1 ? "large" : "medium-sized"; }

const char* beak_phrase(BeakShape b) {
  switch (b) {
    case BeakShape::Conical: return "short, conical";
    case BeakShape::Thin: return "thin, pointed";
    case BeakShape::Hooked: return "hooked";
    case BeakShape::Long: return "long, slightly curved";
  }
  return "";
}

const char* tail_phrase(TailShape t) {
  switch (t) {
    case TailShape::Short: return "short tail";
    case TailShape::Long: return "long tail";
    case TailShape::Forked: return "forked tail";
  }
  return "";
}

const char* habitat_phrase(Habitat h) {
  switch (h) {
    case Habitat::Forest: return "forest edges and leafy woodland";
    case Habitat::Open: return "open country under wide skies";
    case Habitat::Wetland: return "marshes, reeds and lake shores";
    case Habitat::Dusk: return "scrub, most active at dawn and dusk";
  }
  return "";
}

std::vector<Species> make_species(int n, Rng& rng) {
  std::vector<Species> out;
  const int genera = std::max(1, (n + 3) / 4);
  std::vector<Species> bases;
  for (int g = 0; g < genera; ++g) bases.push_back(random_species(rng));
  int attempts = 0;
  while (static_cast<int>(out.size()) < n) {
    const int g = static_cast<int>(out.size()) % genera;
    Species s = bases[static_cast<std::size_t>(g)];
    // Relatives differ in 4-6 attributes (and every pair in at least 4), so
    // each species has several traits its captions name and a small CLIP
    // trained on a few hundred images can tell apart; late attempts widen
    // the gap so generation always ends.
    const int changes = 4 + rng.below(3) + attempts / 50;
    for (int k = 0; k < changes; ++k) mutate(s, rng);
    s.habitat = rng.chance(0.7) ? s.habitat : static_cast<Habitat>(rng.below(4));
    bool distinct = true;
    for (const auto& o : out)
      if (differences(o, s) < kMinDifferences) distinct = false;
    if (!distinct) {
      ++attempts;
      continue;
    }
    attempts = 0;
    const int genus_index = static_cast<int>(out.size()) / genera;
    s.display_name.clear();
    std::set<std::string> taken;
    for (const auto& o : out) taken.insert(o.display_name);
    const std::string noun = genus_noun(s.beak, g + genus_index / 4);
    for (const auto& mod : name_modifiers(s))
      if (!taken.count(mod + " " + noun)) {
        s.display_name = mod + " " + noun;
        break;
      }
    for (int k = 2; s.display_name.empty() || taken.count(s.display_name); ++k)
      s.display_name = name_modifiers(s).front() + " " + noun + " " + std::to_string(k);
    out.push_back(s);
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    std::string dir = out[i].display_name;
    for (char& c : dir)
      if (c == ' ' || c == '-') c = '_';
    char num[32];
    std::snprintf(num, sizeof num, "%03zu.", i + 1);
    out[i].dir_name = num + dir;
  }
  return out;
}

}  // namespace plumage::data::demo
