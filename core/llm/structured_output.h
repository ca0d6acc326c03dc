// Structured answers: the JSON schema sent as response_format, and the check
// that an answer really has every field. An answer that fails the check is
// never accepted as a description (the batch retries it with the error, then
// keeps it as a failure with its raw text).
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace plumage::llm {

enum class OutputMode {
  JsonSchema,  // response_format json_schema, answer parsed as a JSON object
  Lines,       // no response_format; answer parsed as "Field: text" lines
};
std::string to_string(OutputMode m);                                 // "json_schema" | "lines"
std::optional<OutputMode> output_mode_from_string(const std::string& s);  // also accepts "json"

// {"type":"json_schema","json_schema":{"name":...,"strict":true,"schema":{...}}}
// with one required string property per field and no other properties.
nlohmann::json response_format_for(const std::vector<std::string>& fields);

// The instruction a template's {{output_format}} placeholder becomes.
std::string output_format_instructions(OutputMode mode, const std::vector<std::string>& fields);

struct ValidatedAnswer {
  bool ok = false;
  std::string error;  // why it was rejected, phrased for the model to fix
  std::vector<std::pair<std::string, std::string>> fields;  // in declared order
};

// Validates one answer. JSON mode accepts the object optionally wrapped in a
// ```json fence; every declared field must be a non-empty string, unknown keys
// are rejected. Lines mode uses data::parse_structured_text and requires every
// field. `finish_reason` "length" (cut off at max_tokens) is always rejected.
ValidatedAnswer validate_answer(const std::string& content, const std::string& finish_reason, OutputMode mode,
                                const std::vector<std::string>& fields);

}  // namespace plumage::llm
