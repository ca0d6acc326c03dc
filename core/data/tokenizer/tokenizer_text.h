// Text normalization of OpenAI's CLIP tokenizer (simple_tokenizer.py without
// ftfy): html.unescape twice, strip, collapse whitespace, str.lower(). Each
// step keeps, for every output byte, the byte offset in the original input it
// came from, so a token can be traced back to the text the user typed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace plumage::data::tokenizer_text {

struct TrackedText {
  std::string text;              // UTF-8, always valid
  std::vector<uint32_t> origin;  // origin[i]: offset in the input of byte i
};

// Replaces invalid UTF-8 sequences with U+FFFD (as Python's
// errors="replace"), so everything later can assume valid UTF-8.
TrackedText from_utf8(const std::string& input);

// Python's html.unescape: the full HTML5 named-reference table (with the
// longest-prefix rule for names without ";"), decimal and hex numeric
// references with the HTML5 replacements for invalid code points.
TrackedText html_unescape(const TrackedText& in);

// Python's str.strip() then re.sub(r"\s+", " ") then strip(), where \s is
// Python's Unicode whitespace (str.isspace()).
TrackedText whitespace_clean(const TrackedText& in);

// Python's str.lower() (Unicode 14 case mapping, including U+0130 -> "i̇").
TrackedText lower(const TrackedText& in);

// All of the above in the reference order:
// whitespace_clean(basic_clean(text)).lower().
TrackedText normalize(const std::string& input);

// UTF-8 helpers shared with the tokenizer.
uint32_t decode_at(const std::string& s, size_t pos, size_t* length);
void append_utf8(std::string& out, uint32_t cp);
bool is_python_space(uint32_t cp);

}  // namespace plumage::data::tokenizer_text
