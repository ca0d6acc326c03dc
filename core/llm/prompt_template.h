// Prompt templates: text files (resources/prompts/*.txt) with a [system] and a
// [user] section and {{placeholders}}. The template text and its hash are
// stored with every description, so a description can be traced to the exact
// prompt that produced it and a batch can skip work already done.
//
// File format:
//   # comment lines before the first section are ignored
//   [system]
//   ...text...
//   [user]
//   ...text...
//   [protocol]          (optional) the generation settings the template was
//   model: gpt-3.5-turbo written for, used unless the user overrides them:
//   fields: Size, Coloration, Beak, Feet, Eyes
//   language: en        (also: temperature: 0.7)
// Placeholders: {{class_name}}, {{domain}}, {{language}}, {{fields}} (one
// "- Field" line each), {{field_names}} (comma separated), {{output_format}}
// (the answer-format instruction for the output mode in use).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace plumage::llm {

enum class Language { English, Japanese };
std::string to_string(Language l);  // "en" | "ja"
std::optional<Language> language_from_string(const std::string& s);
// What {{language}} becomes: "English" / "Japanese (日本語)".
std::string language_display_name(Language l);

struct PromptValues {
  std::string class_name;
  std::string domain = "bird species";
  Language language = Language::English;
  std::vector<std::string> fields;
  std::string output_format;
};

struct RenderedPrompt {
  std::string system;
  std::string user;
  // Both parts as one text, as stored in the description's provenance.
  std::string combined() const;
};

// A template's [protocol] section: the settings that, with the template's
// text, reproduce a published generation protocol. Empty/unset = not given.
struct TemplateProtocol {
  std::string model;
  std::vector<std::string> fields;
  std::string language;  // "en" | "ja"
  std::optional<double> temperature;
  bool empty() const { return model.empty() && fields.empty() && language.empty() && !temperature; }
};

class PromptTemplate {
 public:
  // Parses template text; `origin` names it in errors. Throws
  // data::DataError naming the origin and line for an unknown placeholder, an
  // unclosed "{{", a missing [user] section or text outside a section.
  static PromptTemplate parse(const std::string& text, const std::string& origin);
  static PromptTemplate load(const std::string& path);

  RenderedPrompt render(const PromptValues& values) const;

  const std::string& text() const { return text_; }
  const std::string& origin() const { return origin_; }
  const TemplateProtocol& protocol() const { return protocol_; }
  // sha256_tag of the whole file text.
  std::string hash() const;

 private:
  std::string text_, origin_, system_, user_;
  TemplateProtocol protocol_;
};

// The directory holding the shipped templates: $PLUMAGE_PROMPTS_DIR, else
// <exe dir>/../share/plumage/prompts, else the source tree. Empty if none exists.
std::string prompts_directory();
// A shipped template by file name ("structured_description.txt", or without
// ".txt"), or a path.
std::string resolve_template_path(const std::string& name_or_path);

// Placeholder names a template may use.
const std::vector<std::string>& known_placeholders();

}  // namespace plumage::llm
