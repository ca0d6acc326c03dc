// Matching class names written in different forms: "001.Black_footed_Albatross"
// (CUB folder), "Black-footed Albatross" (display), "black footed albatross",
// "Chuck-will's-widow" vs "Chuck_will_Widow", "Brewer's Blackbird" vs
// "Brewer_Blackbird".
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace plumage::data {

// "001.Black_footed_Albatross" -> "Black footed Albatross"; other names are
// returned with '_' turned into spaces.
std::string display_name_from_class_dir(const std::string& dir);

// Canonical key: numeric "NNN." prefix dropped, lowercase, possessive "'s"
// and apostrophes dropped, '_' '-' and whitespace runs folded to one space.
std::string normalize_class_name(const std::string& name);

// Finds which of `class_names` (dataset keys) a foreign name refers to.
class ClassNameMatcher {
 public:
  explicit ClassNameMatcher(std::vector<std::string> class_names);
  // Index into class_names, or nullopt when nothing matches or the match is ambiguous.
  std::optional<std::size_t> match(const std::string& name) const;

 private:
  std::vector<std::string> names_;
  std::vector<std::string> keys_;
  std::vector<std::string> compact_;  // keys without spaces ("blackfootedalbatross")
};

}  // namespace plumage::data
