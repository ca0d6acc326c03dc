// parse_structured_text: turning an LLM's "Field: text" answer into fields.
#include "core/data/descriptions.h"
#include "core/data/file_util.h"

#include <cctype>

namespace plumage::data {

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Strips list markers and markdown emphasis from the start of a line:
// "- ", "* ", "1. ", "1) ", "**", "__", "#".
std::string strip_decoration(std::string s) {
  s = trim(s);
  bool changed = true;
  while (changed && !s.empty()) {
    changed = false;
    if (s[0] == '-' || s[0] == '*' || s[0] == '#' || s[0] == '_' || s[0] == '>') {
      s = trim(s.substr(1));
      changed = true;
      continue;
    }
    std::size_t i = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    if (i > 0 && i < s.size() && (s[i] == '.' || s[i] == ')')) {
      s = trim(s.substr(i + 1));
      changed = true;
    }
  }
  return s;
}

// If `line` starts with a known field label followed by ':' or ' -', returns
// the field's index and sets `rest` to the text after the separator.
int match_label(const std::string& line, const std::vector<std::string>& names, std::string& rest) {
  const std::string s = strip_decoration(line);
  std::size_t sep = s.find(':');
  std::size_t skip = 1;
  std::size_t dash = s.find(" - ");
  if (sep == std::string::npos || (dash != std::string::npos && dash < sep)) {
    sep = dash;
    skip = 3;
  }
  if (sep == std::string::npos) return -1;
  std::string label = s.substr(0, sep);
  // Remove emphasis markers around the label ("**Beak**").
  std::string clean;
  for (char c : label)
    if (c != '*' && c != '_') clean += c;
  clean = lower(trim(clean));
  for (std::size_t i = 0; i < names.size(); ++i)
    if (lower(names[i]) == clean) {
      rest = s.substr(sep + skip);
      // Emphasis may close after the colon ("**Beak:** short").
      std::size_t b = 0;
      while (b < rest.size() && (rest[b] == '*' || rest[b] == '_')) ++b;
      rest = trim(rest.substr(b));
      return static_cast<int>(i);
    }
  return -1;
}

}  // namespace

ParsedFields parse_structured_text(const std::string& raw, const std::vector<std::string>& field_names) {
  ParsedFields out;
  int current = -1;  // index into out.fields of the field being continued
  for (const std::string& line : split_lines(raw)) {
    if (trim(line).empty()) {
      current = -1;
      continue;
    }
    std::string rest;
    const int f = match_label(line, field_names, rest);
    if (f >= 0) {
      const std::string& name = field_names[static_cast<std::size_t>(f)];
      bool merged = false;
      for (std::size_t i = 0; i < out.fields.size(); ++i)
        if (out.fields[i].first == name) {  // repeated label: append
          out.fields[i].second += (out.fields[i].second.empty() ? "" : " ") + rest;
          current = static_cast<int>(i);
          merged = true;
        }
      if (!merged) {
        out.fields.emplace_back(name, rest);
        current = static_cast<int>(out.fields.size()) - 1;
      }
    } else if (current >= 0) {
      auto& text = out.fields[static_cast<std::size_t>(current)].second;
      text += (text.empty() ? "" : " ") + strip_decoration(line);
    } else {
      out.unparsed.push_back(trim(line));
    }
  }
  for (const auto& name : field_names) {
    bool found = false;
    for (const auto& [k, v] : out.fields)
      if (k == name && !trim(v).empty()) found = true;
    if (!found) out.missing.push_back(name);
  }
  return out;
}

}  // namespace plumage::data
