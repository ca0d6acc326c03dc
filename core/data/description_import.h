// Importers for published description files into a DescriptionStore.
//
// Both formats are a JSON object mapping a class name to a list of strings:
//  - Menon & Vondrick (ICLR 2023) descriptors: "Black-footed Albatross" ->
//    ["a seabird", "black and white", ...] (short phrases);
//  - CuPL (Pratt et al.): class name -> full sentences.
// Names are matched to the dataset's class keys with ClassNameMatcher.
#pragma once

#include "core/data/descriptions.h"
#include "core/data/diagnostics.h"

#include <string>
#include <vector>

namespace plumage::data {

struct ImportReport {
  std::size_t matched = 0;                           // names mapped to a dataset class
  std::vector<std::string> unmatched_names;          // names in the file with no class
  std::vector<std::string> classes_without_entry;    // dataset classes the file does not cover
  std::vector<Diagnostic> problems;                  // malformed entries (skipped)
};

enum class PhraseListKind { MenonVondrick, CuPL };

// Adds one variant per matched class (id "menon" or "cupl"; an earlier
// import with the same id is replaced, so importing twice is harmless).
// Throws DataError when the file is not a JSON object; entries that are not
// lists of strings are reported in `problems` and skipped.
ImportReport import_phrase_lists(const std::string& path, PhraseListKind kind,
                                 const std::vector<std::string>& class_names, DescriptionStore& store);

}  // namespace plumage::data
