// Per-class text descriptions (LLM-generated or imported) with their
// provenance, kept in one JSON file (format: README.md, "Descriptions file format").
//
// A class has several variants (re-generations, other models, imported
// descriptor lists). A variant holds structured fields — the field names are
// data (the store's `fields` list), not code — and/or free sentences. Every
// variant records where it came from: model, prompt template (text + hash),
// rendered prompt, date, and the raw model output; a reviewer can mark it
// approved or rejected. Generations that failed to parse are kept as
// failure records with their raw text, so nothing the model said is lost.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace plumage::data {

enum class ReviewStatus { None, Approved, Rejected };
std::string to_string(ReviewStatus s);              // "none" | "approved" | "rejected"
std::optional<ReviewStatus> review_status_from_string(const std::string& s);

struct Provenance {
  std::string source;                // "llm", "menon_vondrick", "cupl", "manual", "demo", ...
  std::string model;                 // e.g. "gpt-3.5-turbo"; empty when not from a model
  std::string prompt_template;       // template text with its placeholders
  std::string prompt_template_hash;  // sha256_tag(prompt_template); filled on save if empty
  std::string prompt;                // the rendered prompt actually sent
  std::string created;               // ISO 8601 UTC
  std::string raw_text;              // model output exactly as received
  nlohmann::ordered_json parameters = nlohmann::ordered_json::object();  // temperature, seed, ...
};

struct DescriptionVariant {
  std::string id;  // unique within its class ("v1", "menon", ...)
  // Structured fields in display order: (field name, text).
  std::vector<std::pair<std::string, std::string>> fields;
  // Unstructured sentences or phrases (descriptor lists, CuPL sentences).
  std::vector<std::string> sentences;
  ReviewStatus status = ReviewStatus::None;
  Provenance provenance;

  const std::string* field(const std::string& name) const;
  void set_field(const std::string& name, const std::string& text);
  // One text per field ("Beak: short and conical.") followed by the sentences.
  std::vector<std::string> segments() const;
  // The same texts, each with what it is: the field's name, or "sentence N"
  // (N counts from 1 over all sentences, as the lint names them).
  std::vector<std::pair<std::string, std::string>> named_segments() const;
  // segments() joined with spaces: the whole description as one text.
  std::string joined_text() const;
};

struct ClassDescriptions {
  std::string class_name;    // dataset class key, e.g. "001.Black_footed_Albatross"
  std::string display_name;  // "Black-footed Albatross"
  std::vector<DescriptionVariant> variants;

  // Variants usable for training: approved ones if any are approved,
  // otherwise all that are not rejected.
  std::vector<const DescriptionVariant*> usable_variants() const;
};

struct FailedGeneration {
  std::string class_name;
  std::string error;  // why it was not accepted (parse error, HTTP error, ...)
  Provenance provenance;
};

class DescriptionStore {
 public:
  // Declared field set, in display order (e.g. Size, Coloration, Beak, ...).
  std::vector<std::string> fields;
  std::string title;  // free text shown in the UI
  std::vector<ClassDescriptions> classes;
  std::vector<FailedGeneration> failures;

  const ClassDescriptions* find(const std::string& class_name) const;
  ClassDescriptions& find_or_add(const std::string& class_name, const std::string& display_name = "");
  // Appends a variant; gives it a fresh id ("v<N>") when its id is empty or taken.
  DescriptionVariant& add_variant(const std::string& class_name, DescriptionVariant v);
  std::size_t variant_count() const;

  nlohmann::ordered_json to_json() const;
  // `origin` names the source in error messages. Throws DataError naming the JSON key.
  static DescriptionStore from_json(const nlohmann::ordered_json& j, const std::string& origin);

  static DescriptionStore load(const std::string& path);  // throws DataError
  void save(const std::string& path) const;                // atomic; throws DataError
};

// The default structured field set for bird descriptions.
std::vector<std::string> default_bird_fields();

// Parses "Field: text" lines of an LLM answer into fields. Accepts markdown
// decorations ("**Beak**:", "- Beak:", "1. Beak -"), case-insensitive field
// names, and continuation lines. Lines before the first known field or with an
// unknown field name go to `unparsed`.
struct ParsedFields {
  std::vector<std::pair<std::string, std::string>> fields;
  std::vector<std::string> unparsed;
  std::vector<std::string> missing;  // declared fields that did not appear
};
ParsedFields parse_structured_text(const std::string& raw, const std::vector<std::string>& field_names);

}  // namespace plumage::data
