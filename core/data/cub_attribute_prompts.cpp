#include "core/data/cub_attribute_prompts.h"

#include "core/data/diagnostics.h"
#include "core/data/file_util.h"
#include "core/data/text_table.h"

#include <algorithm>
#include <filesystem>
#include <map>

namespace plumage::data {

extern const char* const kCubAttributePhrases;  // generated from resources/attributes/cub_attribute_phrases.txt

namespace {

namespace fs = std::filesystem;

// group ("has_bill_shape") -> phrase with {} ("a {} bill").
const std::map<std::string, std::string>& phrase_table() {
  static const std::map<std::string, std::string> table = [] {
    std::map<std::string, std::string> t;
    for (const std::string& line : split_lines(kCubAttributePhrases)) {
      const std::string s = trim(line);
      if (s.empty() || s[0] == '#') continue;
      const std::size_t eq = s.find('=');
      if (eq != std::string::npos) t[trim(s.substr(0, eq))] = trim(s.substr(eq + 1));
    }
    return t;
  }();
  return table;
}

std::string clean_value(std::string v, const std::string& noun) {
  // "large_(16_-_32_in)" -> "large": parenthesized parts are units and ranges.
  for (std::size_t open; (open = v.find('(')) != std::string::npos;) {
    const std::size_t close = v.find(')', open);
    v.erase(open, close == std::string::npos ? std::string::npos : close - open + 1);
  }
  std::replace(v.begin(), v.end(), '_', ' ');
  v = trim(v);
  // "rounded-wings" in "{} wings", "notched tail" in "a {} tail": the noun once.
  for (const std::string sep : {"-", " "})
    if (!noun.empty() && v.size() > noun.size() + 1 && v.compare(v.size() - noun.size() - 1, std::string::npos, sep + noun) == 0)
      v = trim(v.substr(0, v.size() - noun.size() - 1));
  return v;
}

std::string find_names_file(const fs::path& root) {
  for (const fs::path& p : {root / "attributes" / "attributes.txt", root / "attributes.txt", root.parent_path() / "attributes.txt"})
    if (fs::exists(p)) return p.string();
  return {};
}

}  // namespace

std::string attribute_phrase(const std::string& name) {
  const std::size_t sep = name.find("::");
  if (sep == std::string::npos) return {};
  const auto it = phrase_table().find(name.substr(0, sep));
  if (it == phrase_table().end()) return {};
  const std::string& phrase = it->second;
  const std::size_t slot = phrase.find("{}");
  if (slot == std::string::npos) return {};
  const std::string after = trim(phrase.substr(slot + 2));
  const std::string noun = after.substr(after.find_last_of(' ') == std::string::npos ? 0 : after.find_last_of(' ') + 1);
  const std::string value = clean_value(name.substr(sep + 2), noun);
  if (value.empty()) return {};
  return phrase.substr(0, slot) + value + phrase.substr(slot + 2);
}

ClassAttributeTable read_class_attributes(const std::string& root, std::size_t class_count) {
  const fs::path rp(root);
  const std::string names_file = find_names_file(rp);
  const std::string values_file = (rp / "attributes" / "class_attribute_labels_continuous.txt").string();
  if (names_file.empty())
    throw DataError((rp / "attributes" / "attributes.txt").string(), 0,
                    "file not found (also looked in " + root + " and its parent): the attribute names are needed");
  if (!fs::exists(values_file)) throw DataError(values_file, 0, "file not found: the class-level attribute table is needed");
  DiagnosticSink sink;
  ClassAttributeTable t;
  t.names = read_name_list(names_file, sink);
  sink.throw_if_any();
  for (const TableRow& row : read_table(values_file, values_file, sink)) {
    if (row.fields.size() != t.names.size()) {
      sink.report(values_file, row.line, "expected " + std::to_string(t.names.size()) + " values (one per attribute of " +
                                             names_file + "), found " + std::to_string(row.fields.size()));
      break;
    }
    std::vector<float> v(row.fields.size());
    for (std::size_t a = 0; a < v.size(); ++a) {
      double x = 0;
      if (!parse_double(row.fields[a], x) || !(x >= 0 && x <= 100)) {
        sink.report(values_file, row.line, "value " + std::to_string(a + 1) + " (\"" + row.fields[a] +
                                               "\") is not a percentage from 0 to 100");
        break;
      }
      v[a] = static_cast<float>(x);
    }
    if (!sink.empty()) break;
    t.percent.push_back(std::move(v));
    if (t.percent.size() > class_count) break;  // reported below; no need to read the rest
  }
  sink.throw_if_any();
  if (t.percent.size() > class_count)
    throw DataError(values_file, 0, "has more rows than the dataset's " + std::to_string(class_count) +
                                        " classes (one row per class, in classes.txt order)");
  if (t.percent.size() < class_count)
    throw DataError(values_file, 0, "has " + std::to_string(t.percent.size()) + " rows, but the dataset has " +
                                        std::to_string(class_count) + " classes (one row per class, in classes.txt order)");
  return t;
}

std::vector<std::string> attribute_prompts(const ClassAttributeTable& table,
                                           const std::vector<std::string>& class_display_names,
                                           const AttributePromptOptions& options) {
  std::vector<std::string> out;
  for (std::size_t c = 0; c < class_display_names.size() && c < table.percent.size(); ++c) {
    // The best value of each group: (percent, attribute id) per group.
    std::map<std::string, std::pair<float, std::size_t>> best;
    for (std::size_t a = 0; a < table.names.size(); ++a) {
      const float p = table.percent[c][a];
      if (p < options.min_percent || attribute_phrase(table.names[a]).empty()) continue;
      const std::string group = table.names[a].substr(0, table.names[a].find("::"));
      auto it = best.find(group);
      if (it == best.end() || p > it->second.first) best[group] = {p, a};
    }
    std::vector<std::pair<float, std::size_t>> ranked;
    for (const auto& [g, v] : best) ranked.push_back(v);
    std::sort(ranked.begin(), ranked.end(), [](const auto& x, const auto& y) {
      return x.first != y.first ? x.first > y.first : x.second < y.second;
    });
    if (ranked.size() > static_cast<std::size_t>(std::max(0, options.attributes))) ranked.resize(std::max(0, options.attributes));
    std::string prompt = options.prefix;
    const std::size_t slot = prompt.find("{}");
    if (slot != std::string::npos) prompt.replace(slot, 2, class_display_names[c]);
    for (std::size_t i = 0; i < ranked.size(); ++i)
      prompt += (i == 0 ? ", with " : i + 1 == ranked.size() ? " and " : ", ") + attribute_phrase(table.names[ranked[i].second]);
    out.push_back(prompt + ".");
  }
  return out;
}

}  // namespace plumage::data
