// Notes and tags on runs and sweeps: what a researcher wants to remember
// about a run ("baseline for chapter 4", "bad split, ignore"). Tags are short
// labels kept sorted and unique in a JSON list column; `runs merge` unites
// them and keeps both notes when they differ.
#pragma once

#include <string>
#include <vector>

namespace plumage::store {

constexpr std::size_t kMaxNoteBytes = 64 * 1024;
constexpr std::size_t kMaxTagBytes = 64;

// Throws std::invalid_argument naming the tag: empty, longer than
// kMaxTagBytes, or holding whitespace, a comma or a control character.
void check_tag(const std::string& tag);

// Two tag lists as one, sorted and unique (no checks: merge inputs keep what they hold).
std::vector<std::string> unite_tags(std::vector<std::string> a, const std::vector<std::string>& b);

// `tags` plus `add` (checked), minus `remove`, sorted and unique.
std::vector<std::string> edit_tags(std::vector<std::string> tags, const std::vector<std::string>& add,
                                   const std::vector<std::string>& remove);

// The tags column (a JSON list of strings); anything else reads as no tags.
std::vector<std::string> parse_tags(const std::string& column);

// Notes of the same run from two stores: one when equal or one is empty, else both.
std::string merge_notes(const std::string& into, const std::string& from);

}  // namespace plumage::store
