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

#include <optional>
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
// The same for a document already parsed; `origin` names it in messages.
ImportReport import_phrase_lists(const nlohmann::ordered_json& j, const std::string& origin, PhraseListKind kind,
                                 const std::vector<std::string>& class_names, DescriptionStore& store);

// Which layout a descriptions file has. Auto: a Plumage file says so in its
// "format" key; any other JSON object is a phrase list, CuPL when most of its
// entries are sentences (end in '.', '!' or '?'), Menon & Vondrick otherwise
// (their descriptors are short phrases without a full stop).
enum class DescriptionsFileKind { Auto, Plumage, MenonVondrick, CuPL };
std::string to_string(DescriptionsFileKind k);  // "auto" | "plumage" | "menon" | "cupl"
std::optional<DescriptionsFileKind> descriptions_kind_from_string(const std::string& s);

struct OpenedDescriptions {
  DescriptionStore store;
  DescriptionsFileKind kind = DescriptionsFileKind::Plumage;  // what the file was read as
  std::optional<ImportReport> import;                          // set for phrase lists
};

// Reads any descriptions file: a Plumage file as it is, a phrase list by
// matching its names to `class_names` (a phrase list without class names is
// refused: its names must be matched to a dataset). One parse of the file.
// Throws DataError naming the file.
OpenedDescriptions open_descriptions(const std::string& path, DescriptionsFileKind kind,
                                     const std::vector<std::string>& class_names);

}  // namespace plumage::data
