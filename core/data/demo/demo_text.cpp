// Texts for the demo dataset, all derived from the true attributes:
// Reed-style captions per image, a structured description per species, and
// CUB-style attribute labels.
#include "core/data/demo/demo_species.h"

#include <algorithm>

namespace plumage::data::demo {

namespace {

const char* wing_pattern_phrase(WingPattern p) {
  switch (p) {
    case WingPattern::Plain: return "plain wings";
    case WingPattern::Bars: return "two pale wing bars";
    case WingPattern::Spots: return "white spots on the wings";
  }
  return "";
}

const char* breast_pattern_word(BreastPattern p) {
  switch (p) {
    case BreastPattern::Plain: return "";
    case BreastPattern::Streaked: return " streaked";
    case BreastPattern::Spotted: return " spotted";
  }
  return "";
}

const char* background_phrase(Habitat h) {
  switch (h) {
    case Habitat::Forest: return "in front of green leaves";
    case Habitat::Open: return "against a blue sky";
    case Habitat::Wetland: return "near the water";
    case Habitat::Dusk: return "against an evening sky";
  }
  return "";
}

std::string a_or_an(const std::string& word) {
  return (std::string("aeiou").find(word[0]) != std::string::npos ? "an " : "a ") + word;
}

}  // namespace

std::vector<std::string> make_captions(const Species& s, const Scene& scene, Rng& rng) {
  const std::string body = color_name(s.body), wing = color_name(s.wing), head = color_name(s.head),
                    breast = color_name(s.breast), beakc = color_name(s.beak_color), legs = color_name(s.legs);
  const std::string size = size_word(s.size);
  const std::string bill = rng.chance(0.5) ? "beak" : "bill";
  const std::string belly = rng.chance(0.5) ? "belly" : "breast";
  const std::string ring = s.eye_ring < 0 ? std::string("no eye ring")
                                          : a_or_an(color_name(s.eye_ring)) + " eye ring";
  const std::string breast_pat = breast_pattern_word(s.breast_pattern);
  std::vector<std::string> pool = {
      "this bird has " + a_or_an(body) + " body with " + wing + " wings and " + a_or_an(beakc) + " " + bill + ".",
      a_or_an(size) + " bird with " + a_or_an(head) + " head, " + a_or_an(breast) + " " + belly + " and " +
          wing_pattern_phrase(s.wing_pattern) + ".",
      "this " + size + " bird is mostly " + body + " and has a " + tail_phrase(s.tail) + ".",
      "the bird has a " + std::string(beak_phrase(s.beak)) + " " + beakc + " " + bill + " and " + ring + ".",
      "this bird has " + wing + " wings and a" + breast_pat + " " + breast + " " + belly + ".",
      a_or_an(body) + " bird perched on a branch with " + a_or_an(head) + " crown.",
      "the " + head + " headed bird has " + legs + " feet and a " + tail_phrase(s.tail) + ".",
      "this is " + a_or_an(body) + (s.wing != s.body ? " and " + wing : std::string()) + " bird with a " +
          beak_phrase(s.beak) + " " + bill + ".",
      "the bird's " + belly + " is" + breast_pat + " " + breast + " and its wings show " +
          wing_pattern_phrase(s.wing_pattern) + ".",
      "this bird is facing " + std::string(scene.facing_left ? "left" : "right") + " and has " + a_or_an(beakc) +
          " " + bill + " and " + ring + ".",
      a_or_an(size) + " bird with " + body + " plumage, " + wing + " wings and " + legs + " legs.",
      "a bird " + std::string(background_phrase(scene.background)) + " with " + a_or_an(head) + " head and " +
          a_or_an(body) + " back.",
      s.crest ? "this bird has a pointed " + head + " crest and " + a_or_an(body) + " body."
              : "this bird has a smooth rounded " + head + " head and " + a_or_an(body) + " body.",
      s.mask ? "the bird has a dark mask across its eyes and " + a_or_an(breast) + " " + belly + "."
             : "the bird's face is plain " + head + " with " + ring + ".",
  };
  // Shuffle (Fisher-Yates with our portable Rng) and keep ten.
  for (std::size_t i = pool.size() - 1; i > 0; --i)
    std::swap(pool[i], pool[static_cast<std::size_t>(rng.below(static_cast<int>(i) + 1))]);
  pool.resize(10);
  return pool;
}

std::vector<std::pair<std::string, std::string>> describe_species(const Species& s) {
  const std::string body = color_name(s.body), wing = color_name(s.wing), head = color_name(s.head),
                    breast = color_name(s.breast);
  auto cap = [](std::string t) {
    t[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(t[0])));
    return t;
  };
  std::string size = s.size < 0.9 ? "Small, about 11-13 cm long." : s.size > 1.1 ? "Large for a perching bird, about 21-25 cm long."
                                                                                    : "Medium-sized, about 15-18 cm long.";
  std::string shape = "Compact perching bird with a rounded body and a " + std::string(tail_phrase(s.tail)) +
                      (s.crest ? ", topped by a pointed crest." : ".");
  std::string color = "Mostly " + body + (s.wing != s.body ? " with " + wing + " wings" : std::string()) +
                      (s.head != s.body ? ", " + head + " head" : std::string()) + "; " + breast + " underparts.";
  std::string pattern = cap(wing_pattern_phrase(s.wing_pattern)) + "; " +
                        (s.breast_pattern == BreastPattern::Plain ? std::string("unmarked breast.")
                                                                  : std::string(breast_pattern_word(s.breast_pattern)).substr(1) + " breast.");
  std::string headf = cap(head) + " head" + (s.mask ? " with a dark mask through the eye" : "") +
                      (s.crest ? " and a short pointed crest." : ".");
  std::string beak = cap(beak_phrase(s.beak)) + ", " + color_name(s.beak_color) + ".";
  std::string eyes = s.eye_ring < 0 ? "Dark eyes without an eye ring."
                                    : "Dark eyes with a conspicuous " + std::string(color_name(s.eye_ring)) + " eye ring.";
  std::string wings = cap(wing) + (s.wing_pattern == WingPattern::Bars ? " with two pale wing bars."
                                   : s.wing_pattern == WingPattern::Spots ? " with white spots." : ", unmarked.");
  std::string tail = cap(tail_phrase(s.tail)) + ", " + (s.tail == TailShape::Long ? "often held slightly raised." : "held level.");
  std::string legs = cap(color_name(s.legs)) + " legs and feet.";
  return {{"Size", size},   {"Shape", shape}, {"Coloration", color}, {"Pattern", pattern},
          {"Head", headf},  {"Beak", beak},   {"Eyes", eyes},        {"Wings", wings},
          {"Tail", tail},   {"Legs and feet", legs}, {"Habitat", cap(habitat_phrase(s.habitat)) + "."}};
}

namespace {
struct AttributeTable {
  std::vector<std::string> names;
  std::size_t index(const std::string& n) const {
    return static_cast<std::size_t>(std::find(names.begin(), names.end(), n) - names.begin());
  }
};

const AttributeTable& table() {
  static const AttributeTable t = [] {
    AttributeTable a;
    for (const char* part : {"upperparts", "wing", "head", "breast"})
      for (const auto& c : palette()) a.names.push_back(std::string("has_") + part + "_color::" + c.name);
    for (const char* b : {"cone", "all-purpose", "hooked", "curved_(up_or_down)"}) a.names.push_back(std::string("has_bill_shape::") + b);
    for (const auto& c : palette()) a.names.push_back(std::string("has_bill_color::") + c.name);
    for (const auto& c : palette()) a.names.push_back(std::string("has_leg_color::") + c.name);
    for (const char* e : {"none", "white", "yellow", "red"}) a.names.push_back(std::string("has_eye_ring::") + e);
    for (const char* w : {"solid", "bars", "spotted"}) a.names.push_back(std::string("has_wing_pattern::") + w);
    for (const char* b : {"solid", "striped", "spotted"}) a.names.push_back(std::string("has_breast_pattern::") + b);
    for (const char* t2 : {"short", "long", "forked"}) a.names.push_back(std::string("has_tail_shape::") + t2);
    for (const char* z : {"small", "medium", "large"}) a.names.push_back(std::string("has_size::") + z);
    a.names.push_back("has_crest::yes");
    a.names.push_back("has_face_mask::yes");
    return a;
  }();
  return t;
}
}  // namespace

const std::vector<std::string>& attribute_names() { return table().names; }

std::vector<int> species_attributes(const Species& s) {
  const auto& t = table();
  std::vector<std::string> on = {
      std::string("has_upperparts_color::") + color_name(s.body),
      std::string("has_wing_color::") + color_name(s.wing),
      std::string("has_head_color::") + color_name(s.head),
      std::string("has_breast_color::") + color_name(s.breast),
      std::string("has_bill_shape::") + (s.beak == BeakShape::Conical ? "cone" : s.beak == BeakShape::Thin ? "all-purpose"
                                         : s.beak == BeakShape::Hooked ? "hooked" : "curved_(up_or_down)"),
      std::string("has_bill_color::") + color_name(s.beak_color),
      std::string("has_leg_color::") + color_name(s.legs),
      std::string("has_eye_ring::") + color_name(s.eye_ring),
      std::string("has_wing_pattern::") + (s.wing_pattern == WingPattern::Plain ? "solid" : s.wing_pattern == WingPattern::Bars ? "bars" : "spotted"),
      std::string("has_breast_pattern::") + (s.breast_pattern == BreastPattern::Plain ? "solid"
                                             : s.breast_pattern == BreastPattern::Streaked ? "striped" : "spotted"),
      std::string("has_tail_shape::") + (s.tail == TailShape::Short ? "short" : s.tail == TailShape::Long ? "long" : "forked"),
      std::string("has_size::") + (s.size < 0.9 ? "small" : s.size > 1.1 ? "large" : "medium"),
  };
  if (s.crest) on.push_back("has_crest::yes");
  if (s.mask) on.push_back("has_face_mask::yes");
  std::vector<int> ids;
  for (const auto& n : on) {
    const std::size_t i = t.index(n);
    if (i < t.names.size()) ids.push_back(static_cast<int>(i) + 1);
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

}  // namespace plumage::data::demo
