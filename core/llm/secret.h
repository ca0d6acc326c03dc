// The API key: where it comes from, and the redaction applied to every text
// that leaves the client (errors, logs, stored raw output, curl debug text),
// so the key never reaches a file, a log or a message shown to a user.
#pragma once

#include <cstddef>
#include <string>

namespace plumage::llm {

// Reads the key from the environment variable `env_var` (default
// OPENAI_API_KEY). Empty when unset: local servers usually need no key.
std::string api_key_from_env(const std::string& env_var = "OPENAI_API_KEY");

// Keys shorter than this are placeholders ("x", "EMPTY", "none" for local
// servers), not secrets: replacing every "x" in a text would wreck it.
constexpr std::size_t kMinSecretLength = 8;
bool looks_like_secret(const std::string& key);

// Replaces every occurrence of `secret` in `text` with "[REDACTED]" when it
// looks like a secret (kMinSecretLength or longer), and any "Bearer <token>" /
// "api_key=<8+ chars>" value, whatever the token is. Linear time, no
// recursion (the text may come from a hostile server).
std::string redact(const std::string& text, const std::string& secret);

// The longest prefix of `s` of at most `max_bytes` bytes that does not cut a
// UTF-8 character in two.
std::string utf8_prefix(const std::string& s, std::size_t max_bytes);

// setrlimit(RLIMIT_CORE, 0) for soft and hard limits: a process that holds an
// API key never writes it into a core file. Called where the key is loaded
// (plumage-cli describe, the GUI's description generation). False when the
// call failed.
bool disable_core_dumps();

// Why `key` may not be sent to `url`, or "" when it may: a key (one that
// looks_like_secret) over plain http to a host other than this machine can
// be read by anyone on the way. https, loopback hosts (localhost,
// 127.0.0.0/8, ::1) and `allow_insecure_http` are fine.
std::string insecure_key_problem(const std::string& url, const std::string& key, bool allow_insecure_http);

// A base URL safe to show or store: user info ("user:pass@") and the query
// string removed.
std::string displayable_url(const std::string& url);

}  // namespace plumage::llm
