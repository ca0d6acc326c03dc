#include "core/data/description_import.h"

#include "core/data/class_names.h"
#include "core/data/file_util.h"
#include "core/json/parse_limited.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

namespace plumage::data {

namespace {

using ojson = nlohmann::ordered_json;

ojson parse_file(const std::string& path) {
  try {
    return jsonio::read_file_ordered(path, jsonio::kData);
  } catch (const jsonio::Error& e) {
    throw DataError(path, e.line(), e.problem());
  }
}

bool is_plumage_file(const ojson& j) {
  return j.is_object() && j.contains("format") && j["format"].is_string() &&
         j["format"].get<std::string>() == "plumage-descriptions";
}

// CuPL's entries are sentences; Menon & Vondrick's are phrases without a full stop.
PhraseListKind guess_list_kind(const ojson& j) {
  std::size_t sentences = 0, phrases = 0;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (!it.value().is_array()) continue;
    for (const auto& p : it.value()) {
      if (!p.is_string()) continue;
      const std::string t = trim(p.get<std::string>());
      if (t.empty()) continue;
      const char last = t.back();
      ++(last == '.' || last == '!' || last == '?' ? sentences : phrases);
    }
  }
  return sentences > phrases ? PhraseListKind::CuPL : PhraseListKind::MenonVondrick;
}

}  // namespace

std::string to_string(DescriptionsFileKind k) {
  switch (k) {
    case DescriptionsFileKind::Plumage: return "plumage";
    case DescriptionsFileKind::MenonVondrick: return "menon";
    case DescriptionsFileKind::CuPL: return "cupl";
    case DescriptionsFileKind::Auto: break;
  }
  return "auto";
}

std::optional<DescriptionsFileKind> descriptions_kind_from_string(const std::string& s) {
  if (s.empty() || s == "auto") return DescriptionsFileKind::Auto;
  if (s == "plumage") return DescriptionsFileKind::Plumage;
  if (s == "menon" || s == "menon_vondrick" || s == "menon-vondrick") return DescriptionsFileKind::MenonVondrick;
  if (s == "cupl") return DescriptionsFileKind::CuPL;
  return std::nullopt;
}

OpenedDescriptions open_descriptions(const std::string& path, DescriptionsFileKind kind,
                                     const std::vector<std::string>& class_names) {
  const ojson j = parse_file(path);
  OpenedDescriptions out;
  if (kind == DescriptionsFileKind::Auto) {
    if (is_plumage_file(j)) kind = DescriptionsFileKind::Plumage;
    else if (j.is_object())
      kind = guess_list_kind(j) == PhraseListKind::CuPL ? DescriptionsFileKind::CuPL : DescriptionsFileKind::MenonVondrick;
    else
      throw DataError(path, 0, "expected a Plumage descriptions file or a JSON object mapping class names to lists of strings");
  }
  out.kind = kind;
  if (kind == DescriptionsFileKind::Plumage) {
    out.store = DescriptionStore::from_json(j, path);
    return out;
  }
  if (class_names.empty())
    throw DataError(path, 0, "a " + std::string(kind == DescriptionsFileKind::CuPL ? "CuPL" : "Menon & Vondrick") +
                                 " phrase list names classes by display name: give the dataset so they can be matched");
  out.import = import_phrase_lists(
      j, path, kind == DescriptionsFileKind::CuPL ? PhraseListKind::CuPL : PhraseListKind::MenonVondrick, class_names,
      out.store);
  return out;
}

ImportReport import_phrase_lists(const std::string& path, PhraseListKind kind,
                                 const std::vector<std::string>& class_names, DescriptionStore& store) {
  return import_phrase_lists(parse_file(path), path, kind, class_names, store);
}

ImportReport import_phrase_lists(const nlohmann::ordered_json& j, const std::string& path, PhraseListKind kind,
                                 const std::vector<std::string>& class_names, DescriptionStore& store) {
  if (!j.is_object()) throw DataError(path, 0, "expected a JSON object mapping class names to lists of strings");

  const bool menon = kind == PhraseListKind::MenonVondrick;
  const std::string variant_id = menon ? "menon" : "cupl";
  ImportReport report;
  ClassNameMatcher matcher(class_names);
  std::set<std::size_t> covered;
  const std::string created = utc_now_iso8601();
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& name = it.key();
    if (!it.value().is_array()) {
      report.problems.push_back({path, 0, "\"" + name + "\": expected a list of strings"});
      continue;
    }
    std::vector<std::string> phrases;
    bool bad = false;
    for (const auto& p : it.value()) {
      if (!p.is_string()) bad = true;
      else if (!trim(p.get<std::string>()).empty()) phrases.push_back(trim(p.get<std::string>()));
    }
    if (bad) {
      report.problems.push_back({path, 0, "\"" + name + "\": list contains a value that is not a string"});
      continue;
    }
    auto idx = matcher.match(name);
    if (!idx) {
      report.unmatched_names.push_back(name);
      continue;
    }
    if (phrases.empty()) {
      report.problems.push_back({path, 0, "\"" + name + "\": empty list"});
      continue;
    }
    if (!covered.insert(*idx).second) {
      report.problems.push_back({path, 0, "\"" + name + "\": a second entry for class " + class_names[*idx]});
      continue;
    }
    ++report.matched;
    auto& cls = store.find_or_add(class_names[*idx], name);
    cls.variants.erase(std::remove_if(cls.variants.begin(), cls.variants.end(),
                                      [&](const auto& v) { return v.id == variant_id; }),
                       cls.variants.end());
    DescriptionVariant v;
    v.id = variant_id;
    v.sentences = phrases;
    v.provenance.source = menon ? "menon_vondrick" : "cupl";
    v.provenance.model = menon ? "gpt-3 (text-davinci-003, per Menon & Vondrick 2023)" : "";
    v.provenance.created = created;
    v.provenance.raw_text = it.value().dump();
    v.provenance.parameters["imported_from"] = path;
    v.provenance.parameters["name_in_file"] = name;
    cls.variants.push_back(std::move(v));
  }
  for (std::size_t i = 0; i < class_names.size(); ++i)
    if (!covered.count(i)) report.classes_without_entry.push_back(class_names[i]);
  return report;
}

}  // namespace plumage::data
