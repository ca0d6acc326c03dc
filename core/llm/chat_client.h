// A client for the OpenAI-compatible chat-completions endpoint
// (POST {base_url}/chat/completions): OpenAI itself, and local servers that
// speak the same API (llama.cpp server, vLLM, Ollama). One call = one HTTP
// request; retries, backoff and rate limits belong to the caller (batch.h).
#pragma once

#include "core/llm/http_transport.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace plumage::llm {

struct ChatMessage {
  std::string role;  // "system" | "user" | "assistant"
  std::string content;
};

struct Usage {
  long long prompt_tokens = 0;
  long long completion_tokens = 0;
  long long requests = 0;  // HTTP requests that were answered with a usage block
  long long total_tokens() const { return prompt_tokens + completion_tokens; }
  Usage& operator+=(const Usage& o) {
    prompt_tokens += o.prompt_tokens;
    completion_tokens += o.completion_tokens;
    requests += o.requests;
    return *this;
  }
};

struct ClientConfig {
  std::string base_url = "https://api.openai.com/v1";
  std::string model;
  std::string api_key;  // never logged; empty = no Authorization header
  double temperature = 0.7;
  int max_tokens = 600;
  int n = 1;  // choices per request
  double timeout_s = 60;
  double connect_timeout_s = 10;
  std::optional<long long> seed;  // sent when set (OpenAI, llama.cpp, vLLM honour it)
  bool verbose = false;           // curl trace to the log callback (redacted)
  // Send the key over plain http to a non-loopback host (see secret.h's
  // insecure_key_problem); refused otherwise.
  bool allow_insecure_http = false;
};

enum class ReplyKind {
  Ok,         // HTTP 200 with at least one choice
  Retryable,  // 429, 408, 409, 5xx, timeout, dropped connection, garbled body, no choices
  Fatal,      // 4xx other than the above: bad key, unknown model, bad request
  Cancelled,
};

struct ChatChoice {
  std::string content;
  std::string finish_reason;  // "stop", "length", ...
};

struct ChatReply {
  ReplyKind kind = ReplyKind::Fatal;
  long http_status = 0;
  std::vector<ChatChoice> choices;
  Usage usage;  // as reported by the server; zero when it reported none
  bool usage_reported = false;
  std::optional<double> retry_after_s;
  std::string error;  // human-readable, key redacted; empty when Ok
};

class ChatClient {
 public:
  explicit ChatClient(ClientConfig config);

  // `response_format` is sent verbatim when not null (see structured_output.h).
  ChatReply complete(const std::vector<ChatMessage>& messages, const nlohmann::json& response_format,
                     const std::atomic<bool>* cancel = nullptr);

  // Receives curl's trace when config.verbose, already redacted.
  void set_log(std::function<void(const std::string&)> log) { log_ = std::move(log); }
  const ClientConfig& config() const { return config_; }

  // The JSON body complete() would send (for tests and dry runs; no key inside).
  nlohmann::json request_body(const std::vector<ChatMessage>& messages, const nlohmann::json& response_format) const;

 private:
  ClientConfig config_;
  HttpTransport transport_;
  std::function<void(const std::string&)> log_;
};

// Parses a chat-completions response body. Sets kind to Ok, or Retryable with
// an error when the body is not the expected JSON or has no choices. Usage is
// taken whenever the body carries it, even when there are no choices.
ChatReply parse_chat_response(const std::string& body);

// "https://host/v1" + "/chat/completions", tolerating a trailing slash and a
// base URL that already ends in /chat/completions.
std::string chat_completions_url(const std::string& base_url);

}  // namespace plumage::llm
