#include "core/data/class_names.h"

#include <cctype>

namespace plumage::data {

namespace {
// Length of a leading "NNN." numeric prefix (0 when absent).
std::size_t numeric_prefix(const std::string& s) {
  std::size_t i = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  return (i > 0 && i < s.size() && s[i] == '.') ? i + 1 : 0;
}
}  // namespace

std::string display_name_from_class_dir(const std::string& dir) {
  std::string s = dir.substr(numeric_prefix(dir));
  for (char& c : s)
    if (c == '_') c = ' ';
  return s;
}

std::string normalize_class_name(const std::string& name) {
  std::string s = name.substr(numeric_prefix(name));
  // Unify apostrophes: U+2019 and U+2018 (UTF-8) and the backtick become '.
  std::string a;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i + 2 < s.size() && static_cast<unsigned char>(s[i]) == 0xE2 &&
        static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(s[i + 2]) == 0x99 || static_cast<unsigned char>(s[i + 2]) == 0x98)) {
      a += '\'';
      i += 2;
    } else {
      a += s[i] == '`' ? '\'' : s[i];
    }
  }
  std::string out;
  bool space = false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char c = a[i];
    if (c == '\'') {
      // Possessive "'s" before a separator or the end is dropped entirely:
      // CUB writes "Brewer_Blackbird" for "Brewer's Blackbird".
      if (i + 1 < a.size() && (a[i + 1] == 's' || a[i + 1] == 'S') &&
          (i + 2 == a.size() || !std::isalnum(static_cast<unsigned char>(a[i + 2]))))
        ++i;
      continue;
    }
    if (c == '_' || c == '-' || std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

ClassNameMatcher::ClassNameMatcher(std::vector<std::string> class_names) : names_(std::move(class_names)) {
  for (const auto& n : names_) {
    keys_.push_back(normalize_class_name(n));
    std::string c;
    for (char ch : keys_.back())
      if (ch != ' ') c += ch;
    compact_.push_back(c);
  }
}

std::optional<std::size_t> ClassNameMatcher::match(const std::string& name) const {
  const std::string key = normalize_class_name(name);
  std::string compact;
  for (char ch : key)
    if (ch != ' ') compact += ch;
  if (key.empty()) return std::nullopt;
  // Exact key first, then the key with separators removed ("Grey-crowned" vs
  // "Greycrowned"); more than one hit is ambiguous and reported as no match.
  for (const auto* table : {&keys_, &compact_}) {
    const std::string& probe = table == &keys_ ? key : compact;
    std::optional<std::size_t> hit;
    bool ambiguous = false;
    for (std::size_t i = 0; i < table->size(); ++i)
      if ((*table)[i] == probe) {
        if (hit) ambiguous = true;
        hit = i;
      }
    if (ambiguous) return std::nullopt;
    if (hit) return hit;
  }
  return std::nullopt;
}

}  // namespace plumage::data
