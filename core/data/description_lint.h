// Lint for class descriptions: flags a reviewer should look at before the
// descriptions become training text. Missing or empty fields, fields (and
// whole descriptions) beyond CLIP's context, non-visual content (a number
// with a unit of length or weight; behaviour, habitat and range words), near-
// duplicate variants of one class, and text that names another class.
//
// The word lists are data (resources/lint/description_lint.txt, compiled in as
// the default; another file can be given). Matching is on lower-cased whole
// words in one linear pass per list: no regular expressions on the text.
#pragma once

#include "core/data/descriptions.h"

#include <cstddef>
#include <string>
#include <vector>

namespace plumage::data {

class ClipTokenizer;

struct LintRules {
  std::vector<std::string> length_units, weight_units;  // flagged after a number
  std::vector<std::string> behaviour, habitat, range;   // flagged anywhere

  // Sections "[length_units]", "[weight_units]", "[behaviour]", "[habitat]",
  // "[range]"; '#' comments. Throws DataError naming origin and line for an
  // unknown section or a word before the first section.
  static LintRules parse(const std::string& text, const std::string& origin);
  static LintRules load(const std::string& path);
  static const LintRules& builtin();  // resources/lint/description_lint.txt
};

enum class LintKind { MissingField, EmptyField, TooLong, NonVisual, NearDuplicate, NamesOtherClass };
std::string to_string(LintKind k);  // "missing_field", "empty_field", "too_long", "non_visual", ...

struct LintFlag {
  std::string class_name;  // dataset key
  std::string variant_id;
  std::string field;       // empty: the whole variant
  LintKind kind = LintKind::NonVisual;
  std::string detail;      // what was found: "\"2.1 m\" (length)", "94 tokens", "names 'Laysan Albatross'"
};

struct LintOptions {
  // When set: fields and whole variants longer than `context` tokens are flagged.
  const ClipTokenizer* tokenizer = nullptr;
  std::size_t context = 77;
  // Two variants of a class whose word sets overlap this much (Jaccard) are near duplicates.
  double duplicate_threshold = 0.9;
  // Non-empty: lint only this class (other classes' names are still known),
  // as the Descriptions page does for the class it shows.
  std::string only_class;
};

// Every flag for every variant (rejected ones included: a reviewer may want to
// know why), in class, variant and field order.
std::vector<LintFlag> lint_descriptions(const DescriptionStore& store, const LintRules& rules,
                                        const LintOptions& options = {});

}  // namespace plumage::data
