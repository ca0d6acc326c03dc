#include "core/store/annotations.h"

#include "core/json/parse_limited.h"

#include <algorithm>
#include <stdexcept>

namespace plumage::store {

void check_tag(const std::string& tag) {
  if (tag.empty()) throw std::invalid_argument("a tag cannot be empty");
  if (tag.size() > kMaxTagBytes)
    throw std::invalid_argument("tag \"" + tag.substr(0, 20) + "...\" is longer than " + std::to_string(kMaxTagBytes) + " bytes");
  for (const char c : tag)
    if (static_cast<unsigned char>(c) < 0x21 || c == ',' || c == 0x7f)
      throw std::invalid_argument("tag \"" + tag + "\": no spaces, commas or control characters");
}

std::vector<std::string> unite_tags(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  std::sort(a.begin(), a.end());
  a.erase(std::unique(a.begin(), a.end()), a.end());
  return a;
}

std::vector<std::string> edit_tags(std::vector<std::string> tags, const std::vector<std::string>& add,
                                   const std::vector<std::string>& remove) {
  for (const auto& t : add) check_tag(t);
  tags = unite_tags(std::move(tags), add);
  tags.erase(std::remove_if(tags.begin(), tags.end(),
                            [&](const std::string& t) { return std::find(remove.begin(), remove.end(), t) != remove.end(); }),
             tags.end());
  return tags;
}

std::vector<std::string> parse_tags(const std::string& column) {
  std::vector<std::string> out;
  try {
    const nlohmann::json j = jsonio::parse(column, "tags", jsonio::kConfig);
    if (j.is_array())
      for (const auto& t : j)
        if (t.is_string()) out.push_back(t.get<std::string>());
  } catch (const jsonio::Error&) {
  }
  return out;
}

std::string merge_notes(const std::string& into, const std::string& from) {
  if (from.empty() || from == into) return into;
  if (into.empty()) return from;
  return into + "\n---\n" + from;
}

}  // namespace plumage::store
