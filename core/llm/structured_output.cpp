#include "core/llm/structured_output.h"

#include "core/data/descriptions.h"
#include "core/data/file_util.h"
#include "core/json/parse_limited.h"

#include <map>
#include <set>

namespace plumage::llm {
namespace {

constexpr std::size_t kMaxFieldChars = 4000;  // a runaway field is not a description

std::string strip_code_fence(const std::string& text) {
  std::string t = data::trim(text);
  if (t.rfind("```", 0) != 0) return t;
  const std::size_t first_nl = t.find('\n');
  const std::size_t last = t.rfind("```");
  if (first_nl == std::string::npos || last == std::string::npos || last <= first_nl) return t;
  return data::trim(t.substr(first_nl + 1, last - first_nl - 1));
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

}  // namespace

std::string to_string(OutputMode m) { return m == OutputMode::JsonSchema ? "json_schema" : "lines"; }

std::optional<OutputMode> output_mode_from_string(const std::string& s) {
  if (s == "json_schema" || s == "json") return OutputMode::JsonSchema;
  if (s == "lines") return OutputMode::Lines;
  return std::nullopt;
}

nlohmann::json response_format_for(const std::vector<std::string>& fields) {
  nlohmann::json props = nlohmann::json::object();
  for (const auto& f : fields) props[f] = {{"type", "string"}};
  nlohmann::json schema = {{"type", "object"},
                           {"properties", props},
                           {"required", fields},
                           {"additionalProperties", false}};
  return {{"type", "json_schema"},
          {"json_schema", {{"name", "class_description"}, {"strict", true}, {"schema", schema}}}};
}

std::string output_format_instructions(OutputMode mode, const std::vector<std::string>& fields) {
  if (mode == OutputMode::JsonSchema)
    return "Answer with a single JSON object whose keys are exactly: " + join(fields) +
           ". Each value is a string. No other text.";
  std::string s = "Answer with exactly one line per field, in this order, each starting with the field name "
                  "and a colon:\n";
  for (const auto& f : fields) s += f + ": ...\n";
  s += "No other text.";
  return s;
}

ValidatedAnswer validate_answer(const std::string& content, const std::string& finish_reason, OutputMode mode,
                                const std::vector<std::string>& fields) {
  ValidatedAnswer out;
  if (finish_reason == "length") {
    out.error = "the answer was cut off (max_tokens reached); answer more briefly";
    return out;
  }
  if (data::trim(content).empty()) {
    out.error = "the answer was empty";
    return out;
  }
  std::map<std::string, std::string> values;
  if (mode == OutputMode::JsonSchema) {
    nlohmann::json j;
    try {
      j = jsonio::parse(strip_code_fence(content), "the answer", jsonio::kReply);
    } catch (const jsonio::Error& e) {
      out.error = e.kind() == jsonio::Error::Kind::Syntax ? "the answer is not valid JSON" : e.what();
      return out;
    }
    if (!j.is_object()) {
      out.error = "the answer must be a JSON object";
      return out;
    }
    const std::set<std::string> declared(fields.begin(), fields.end());
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (!declared.count(it.key())) {
        out.error = "unexpected key \"" + it.key() + "\"; the keys must be exactly: " + join(fields);
        return out;
      }
      if (!it.value().is_string()) {
        out.error = "the value of \"" + it.key() + "\" must be a string";
        return out;
      }
      values[it.key()] = data::trim(it.value().get<std::string>());
    }
  } else {
    const data::ParsedFields parsed = data::parse_structured_text(content, fields);
    for (const auto& [name, text] : parsed.fields) values[name] = data::trim(text);
  }
  std::vector<std::string> missing;
  for (const auto& f : fields) {
    auto it = values.find(f);
    if (it == values.end() || it->second.empty()) missing.push_back(f);
  }
  if (!missing.empty()) {
    out.error = "missing or empty field(s): " + join(missing);
    return out;
  }
  for (const auto& f : fields) {
    if (values[f].size() > kMaxFieldChars) {
      out.error = "field \"" + f + "\" is too long (" + std::to_string(values[f].size()) + " characters)";
      return out;
    }
    out.fields.emplace_back(f, values[f]);
  }
  out.ok = true;
  return out;
}

}  // namespace plumage::llm
