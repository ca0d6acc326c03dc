#include "core/data/tokenizer/tokenizer_text.h"

#include "core/data/tokenizer/tokenizer_tables.h"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace plumage::data::tokenizer_text {
namespace {

namespace tt = tokenizer_tables;

// Length of the UTF-8 sequence at s[pos]; `valid` false for an ill-formed
// one, whose length is then its maximal subpart (how Python's
// errors="replace" counts one U+FFFD).
size_t sequence_length(const std::string& s, size_t pos, bool& valid) {
  const auto b = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char c = b(pos);
  valid = true;
  if (c < 0x80) return 1;
  size_t n = 0;
  if (c >= 0xC2 && c <= 0xDF) n = 2;
  else if (c >= 0xE0 && c <= 0xEF) n = 3;
  else if (c >= 0xF0 && c <= 0xF4) n = 4;
  if (n == 0) {
    valid = false;
    return 1;
  }
  // Allowed range of the second byte (excludes overlongs and surrogates).
  unsigned char lo = 0x80, hi = 0xBF;
  if (c == 0xE0) lo = 0xA0;
  if (c == 0xED) hi = 0x9F;
  if (c == 0xF0) lo = 0x90;
  if (c == 0xF4) hi = 0x8F;
  for (size_t i = 1; i < n; ++i) {
    const bool ok = pos + i < s.size() && (i == 1 ? (b(pos + i) >= lo && b(pos + i) <= hi)
                                                  : (b(pos + i) & 0xC0) == 0x80);
    if (!ok) {
      valid = false;
      return i;
    }
  }
  return n;
}

void append(TrackedText& out, const std::string& bytes, uint32_t origin) {
  out.text += bytes;
  out.origin.insert(out.origin.end(), bytes.size(), origin);
}

void append_cp(TrackedText& out, uint32_t cp, uint32_t origin) {
  const size_t before = out.text.size();
  append_utf8(out.text, cp);
  out.origin.insert(out.origin.end(), out.text.size() - before, origin);
}

// Copies in.text[begin, end) with its origins.
void copy_range(TrackedText& out, const TrackedText& in, size_t begin, size_t end) {
  out.text.append(in.text, begin, end - begin);
  out.origin.insert(out.origin.end(), in.origin.begin() + static_cast<long>(begin),
                    in.origin.begin() + static_cast<long>(end));
}

const char* find_entity(const std::string& name) {
  const auto* first = tt::kEntities;
  const auto* last = tt::kEntities + tt::kEntityCount;
  const auto* it = std::lower_bound(first, last, name, [](const tt::EntityEntry& e, const std::string& n) {
    return std::strcmp(e.name, n.c_str()) < 0;
  });
  if (it != last && name == it->name) return it->value;
  return nullptr;
}

// html._invalid_charrefs for 0x80..0x9F (Windows-1252 reading).
constexpr uint32_t kCp1252[32] = {
    0x20AC, 0x81,   0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x8D,   0x017D, 0x8F,   0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,   0x017E, 0x0178};

bool is_invalid_codepoint(uint32_t n) {
  if ((n >= 0x1 && n <= 0x8) || (n >= 0xE && n <= 0x1F) || (n >= 0x7F && n <= 0x9F)) return true;
  if (n >= 0xFDD0 && n <= 0xFDEF) return true;
  if (n == 0xB) return true;
  return (n & 0xFFFE) == 0xFFFE && n <= 0x10FFFF;
}

// Python's _replace_charref for a numeric reference; `value` saturates.
std::string numeric_replacement(uint64_t value) {
  std::string out;
  if (value == 0) {
    append_utf8(out, 0xFFFD);
  } else if (value == 0x0D) {
    out = "\r";
  } else if (value >= 0x80 && value <= 0x9F) {
    append_utf8(out, kCp1252[value - 0x80]);
  } else if ((value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF) {
    append_utf8(out, 0xFFFD);
  } else if (!is_invalid_codepoint(static_cast<uint32_t>(value))) {
    append_utf8(out, static_cast<uint32_t>(value));
  }
  return out;
}

bool in_ranges(const tt::CodeRange* ranges, size_t count, uint32_t cp) {
  const auto* last = ranges + count;
  const auto* it = std::upper_bound(ranges, last, cp, [](uint32_t c, const tt::CodeRange& r) { return c < r.first; });
  return it != ranges && cp <= (it - 1)->last;
}
bool case_ignorable(uint32_t cp) { return in_ranges(tt::kCaseIgnorable, tt::kCaseIgnorableCount, cp); }
bool cased(uint32_t cp) { return in_ranges(tt::kCased, tt::kCasedCount, cp); }

// CPython's handle_capital_sigma: U+03A3 lowers to final sigma after a cased
// letter and not before one (case-ignorable code points skipped both ways).
bool final_sigma(const std::vector<uint32_t>& cps, size_t i) {
  size_t j = i;
  while (j > 0 && case_ignorable(cps[j - 1])) --j;
  if (j == 0 || !cased(cps[j - 1])) return false;
  size_t k = i + 1;
  while (k < cps.size() && case_ignorable(cps[k])) ++k;
  return k == cps.size() || !cased(cps[k]);
}

bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }
bool is_dec(char c) { return c >= '0' && c <= '9'; }

// Tries to match html's _charref at s[amp] == '&'. Returns the match end (one
// past) or 0. The match becomes `replacement` followed by the input bytes
// [keep_from, end), which keep their own origins.
size_t match_charref(const std::string& s, size_t amp, std::string& replacement, size_t& keep_from) {
  size_t i = amp + 1;
  const size_t n = s.size();
  if (i < n && s[i] == '#') {
    const bool hex = i + 1 < n && (s[i + 1] == 'x' || s[i + 1] == 'X');
    size_t j = hex ? i + 2 : i + 1;
    uint64_t value = 0;
    const size_t digits_begin = j;
    while (j < n && (hex ? is_hex(s[j]) : is_dec(s[j]))) {
      const char c = s[j];
      const uint64_t d = is_dec(c) ? uint64_t(c - '0') : uint64_t((c | 0x20) - 'a' + 10);
      value = value > 0x10FFFFull ? value : value * (hex ? 16 : 10) + d;  // saturates above the range
      ++j;
    }
    if (j == digits_begin) return 0;  // "&#" or "&#x" without digits: not a reference
    if (j < n && s[j] == ';') ++j;
    replacement = numeric_replacement(value);
    keep_from = j;
    return j;
  }
  // Named: [^\t\n\f <&#;]{1,32};? counted in code points.
  size_t j = i;
  int count = 0;
  while (j < n && count < 32) {
    const char c = s[j];
    if (c == '\t' || c == '\n' || c == '\f' || c == ' ' || c == '<' || c == '&' || c == '#' || c == ';') break;
    size_t len = 1;
    decode_at(s, j, &len);
    j += len;
    ++count;
  }
  if (count == 0) return 0;
  if (j < n && s[j] == ';') ++j;
  const std::string name = s.substr(i, j - i);
  keep_from = j;
  if (const char* v = find_entity(name)) {
    replacement = v;
    return j;
  }
  // Longest prefix that is a name; names are ASCII, so byte prefixes suffice.
  for (size_t x = name.size() - 1; x > 1; --x) {
    if (const char* v = find_entity(name.substr(0, x))) {
      replacement = v;
      keep_from = i + x;
      return j;
    }
  }
  replacement.clear();  // not a reference: the text stays as it was
  keep_from = amp;
  return j;
}

}  // namespace

uint32_t decode_at(const std::string& s, size_t pos, size_t* length) {
  const auto b = [&](size_t i) { return static_cast<uint32_t>(static_cast<unsigned char>(s[i])); };
  const uint32_t c = b(pos);
  size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  if (pos + n > s.size()) n = 1;  // only reachable with invalid input
  uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
  for (size_t i = 1; i < n; ++i) cp = (cp << 6) | (b(pos + i) & 0x3F);
  if (length) *length = n;
  return cp;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool is_python_space(uint32_t cp) {
  if ((cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x20)) return true;
  switch (cp) {
    case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029:
    case 0x202F: case 0x205F: case 0x3000:
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200A;
  }
}

TrackedText from_utf8(const std::string& input) {
  TrackedText out;
  out.text.reserve(input.size());
  out.origin.reserve(input.size());
  for (size_t pos = 0; pos < input.size();) {
    bool valid = true;
    const size_t n = sequence_length(input, pos, valid);
    if (!valid) {
      append_cp(out, 0xFFFD, static_cast<uint32_t>(pos));
      pos += n;
    } else {
      out.text.append(input, pos, n);
      out.origin.insert(out.origin.end(), n, static_cast<uint32_t>(pos));
      pos += n;
    }
  }
  return out;
}

TrackedText html_unescape(const TrackedText& in) {
  if (in.text.find('&') == std::string::npos) return in;
  TrackedText out;
  const std::string& s = in.text;
  size_t pos = 0;
  while (pos < s.size()) {
    const size_t amp = s.find('&', pos);
    if (amp == std::string::npos) break;
    copy_range(out, in, pos, amp);
    std::string replacement;
    size_t keep_from = 0;
    const size_t end = match_charref(s, amp, replacement, keep_from);
    if (end == 0) {
      copy_range(out, in, amp, amp + 1);
      pos = amp + 1;
    } else {
      append(out, replacement, in.origin[amp]);
      copy_range(out, in, keep_from, end);
      pos = end;
    }
  }
  copy_range(out, in, pos, s.size());
  return out;
}

TrackedText whitespace_clean(const TrackedText& in) {
  TrackedText out;
  const std::string& s = in.text;
  bool pending_space = false;
  uint32_t space_origin = 0;
  for (size_t pos = 0; pos < s.size();) {
    size_t len = 1;
    const uint32_t cp = decode_at(s, pos, &len);
    if (is_python_space(cp)) {
      if (!pending_space) space_origin = in.origin[pos];
      pending_space = true;
    } else {
      if (pending_space && !out.text.empty()) append(out, " ", space_origin);
      pending_space = false;
      copy_range(out, in, pos, pos + len);
    }
    pos += len;
  }
  return out;
}

TrackedText lower(const TrackedText& in) {
  const std::string& s = in.text;
  std::vector<uint32_t> cps;
  std::vector<size_t> starts;
  for (size_t pos = 0; pos < s.size();) {
    size_t len = 1;
    cps.push_back(decode_at(s, pos, &len));
    starts.push_back(pos);
    pos += len;
  }
  TrackedText out;
  out.text.reserve(s.size());
  out.origin.reserve(s.size());
  for (size_t i = 0; i < cps.size(); ++i) {
    const uint32_t cp = cps[i];
    const uint32_t origin = in.origin[starts[i]];
    if (cp < 0x80) {
      out.text += static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
      out.origin.push_back(origin);
    } else if (cp == 0x130) {  // LATIN CAPITAL LETTER I WITH DOT ABOVE -> "i" + U+0307
      append_cp(out, 'i', origin);
      append_cp(out, 0x307, origin);
    } else if (cp == 0x3A3) {
      append_cp(out, final_sigma(cps, i) ? 0x3C2 : 0x3C3, origin);
    } else {
      const auto* first = tt::kLower;
      const auto* last = tt::kLower + tt::kLowerCount;
      const auto* it = std::lower_bound(first, last, cp,
                                        [](const tt::LowerEntry& e, uint32_t c) { return e.upper < c; });
      append_cp(out, it != last && it->upper == cp ? it->lower : cp, origin);
    }
  }
  return out;
}

TrackedText normalize(const std::string& input) {
  return lower(whitespace_clean(html_unescape(html_unescape(from_utf8(input)))));
}

}  // namespace plumage::data::tokenizer_text
