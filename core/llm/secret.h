// The API key: where it comes from, and the redaction applied to every text
// that leaves the client (errors, logs, stored raw output, curl debug text),
// so the key never reaches a file, a log or a message shown to a user.
#pragma once

#include <string>

namespace plumage::llm {

// Reads the key from the environment variable `env_var` (default
// OPENAI_API_KEY). Empty when unset: local servers usually need no key.
std::string api_key_from_env(const std::string& env_var = "OPENAI_API_KEY");

// Replaces every occurrence of `secret` in `text` with "[REDACTED]", and any
// "Bearer <token>" / "api_key=<token>" value, whatever the token is. Secrets
// shorter than 4 characters are still replaced (never "too short to matter").
std::string redact(const std::string& text, const std::string& secret);

// A base URL safe to show or store: user info ("user:pass@") and the query
// string removed.
std::string displayable_url(const std::string& url);

}  // namespace plumage::llm
