// UTF-8 checks for caption text: the Reed archive contains a few decoding
// artefacts (U+FFFD) and some files may hold bytes that are not UTF-8 at all.
#pragma once

#include <string>

namespace plumage::data {

// True when `s` is well-formed UTF-8 (no overlongs, surrogates or truncation).
bool is_valid_utf8(const std::string& s);

// True when `s` contains U+FFFD (EF BF BD), the mark of an earlier failed decode.
bool has_replacement_char(const std::string& s);

// Removes invalid byte sequences and U+FFFD, keeping everything else.
std::string strip_undecodable(const std::string& s);

}  // namespace plumage::data
