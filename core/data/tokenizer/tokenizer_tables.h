// Unicode and HTML tables the CLIP tokenizer needs to match Python exactly
// (generated from CPython; see the .cpp files). PCRE2 has no case mapping and
// the C library's depends on the process locale, so the tokenizer carries its own.
#pragma once

#include <cstddef>
#include <cstdint>

namespace plumage::data::tokenizer_tables {

struct LowerEntry {
  uint32_t upper;
  uint32_t lower;
};
extern const LowerEntry kLower[];  // sorted by `upper`
extern const size_t kLowerCount;

// For str.lower()'s Final_Sigma rule.
struct CodeRange {
  uint32_t first;
  uint32_t last;  // inclusive
};
extern const CodeRange kCaseIgnorable[];  // sorted
extern const size_t kCaseIgnorableCount;
extern const CodeRange kCased[];  // sorted; only code points that are not case-ignorable
extern const size_t kCasedCount;

struct EntityEntry {
  const char* name;   // e.g. "amp;" or "amp"
  const char* value;  // UTF-8
};
extern const EntityEntry kEntities[];  // sorted by name (strcmp order)
extern const size_t kEntityCount;

}  // namespace plumage::data::tokenizer_tables
