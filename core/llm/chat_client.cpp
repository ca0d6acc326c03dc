#include "core/llm/chat_client.h"

#include "core/llm/secret.h"
#include "core/json/parse_limited.h"

#include <utility>

namespace plumage::llm {
namespace {

std::string snippet(const std::string& s, std::size_t max = 300) {
  return s.size() <= max ? s : utf8_prefix(s, max) + "...";
}

// The server's own error message ("error": {"message": ...}) when it sent one.
std::string server_error_message(const std::string& body) {
  nlohmann::json j;
  try {
    j = jsonio::parse(body, "response", jsonio::kReply);
  } catch (const jsonio::Error&) {
    return snippet(body);
  }
  if (j.is_object() && j.contains("error")) {
    const auto& e = j["error"];
    if (e.is_object() && e.contains("message") && e["message"].is_string()) return e["message"].get<std::string>();
    if (e.is_string()) return e.get<std::string>();
  }
  return snippet(body);
}

bool retryable_status(long status) {
  return status == 408 || status == 409 || status == 429 || status >= 500;
}

}  // namespace

std::string chat_completions_url(const std::string& base_url) {
  std::string u = base_url;
  while (!u.empty() && u.back() == '/') u.pop_back();
  const std::string suffix = "/chat/completions";
  if (u.size() >= suffix.size() && u.compare(u.size() - suffix.size(), suffix.size(), suffix) == 0) return u;
  return u + suffix;
}

ChatClient::ChatClient(ClientConfig config) : config_(std::move(config)) {}

nlohmann::json ChatClient::request_body(const std::vector<ChatMessage>& messages,
                                        const nlohmann::json& response_format) const {
  nlohmann::json body;
  body["model"] = config_.model;
  body["messages"] = nlohmann::json::array();
  for (const auto& m : messages) body["messages"].push_back({{"role", m.role}, {"content", m.content}});
  body["temperature"] = config_.temperature;
  body["max_tokens"] = config_.max_tokens;
  if (config_.n != 1) body["n"] = config_.n;
  if (config_.seed) body["seed"] = *config_.seed;
  if (!response_format.is_null()) body["response_format"] = response_format;
  return body;
}

ChatReply parse_chat_response(const std::string& body) {
  ChatReply reply;
  nlohmann::json j;
  try {
    j = jsonio::parse(body, "response", jsonio::kReply);
  } catch (const jsonio::Error& e) {
    reply.kind = ReplyKind::Retryable;
    reply.error = e.kind() == jsonio::Error::Kind::Syntax ? "response is not valid JSON: " + snippet(body, 120)
                                                          : std::string(e.what());
    return reply;
  }
  if (!j.is_object()) {
    reply.kind = ReplyKind::Retryable;
    reply.error = "response is not valid JSON: " + snippet(body, 120);
    return reply;
  }
  if (j.contains("usage") && j["usage"].is_object()) {
    const auto& u = j["usage"];
    auto count = [&](const char* key) -> long long {
      return u.contains(key) && u[key].is_number_integer() ? u[key].get<long long>() : 0;
    };
    reply.usage.prompt_tokens = count("prompt_tokens");
    reply.usage.completion_tokens = count("completion_tokens");
    reply.usage.requests = 1;
    reply.usage_reported = true;
  }
  if (!j.contains("choices") || !j["choices"].is_array()) {
    reply.kind = ReplyKind::Retryable;
    reply.error = "response has no \"choices\" array";
    return reply;
  }
  for (const auto& c : j["choices"]) {
    ChatChoice choice;
    if (c.is_object() && c.contains("message") && c["message"].is_object()) {
      const auto& m = c["message"];
      if (m.contains("content") && m["content"].is_string()) choice.content = m["content"].get<std::string>();
      // Some servers put a refusal in its own field; keep it as the text.
      else if (m.contains("refusal") && m["refusal"].is_string()) choice.content = m["refusal"].get<std::string>();
    }
    if (c.is_object() && c.contains("finish_reason") && c["finish_reason"].is_string())
      choice.finish_reason = c["finish_reason"].get<std::string>();
    reply.choices.push_back(std::move(choice));
  }
  if (reply.choices.empty()) {
    reply.kind = ReplyKind::Retryable;
    reply.error = "response has an empty \"choices\" list";
    return reply;
  }
  reply.kind = ReplyKind::Ok;
  return reply;
}

ChatReply ChatClient::complete(const std::vector<ChatMessage>& messages, const nlohmann::json& response_format,
                               const std::atomic<bool>* cancel) {
  const std::string& key = config_.api_key;
  const std::string url = chat_completions_url(config_.base_url);
  if (const std::string problem = insecure_key_problem(url, key, config_.allow_insecure_http); !problem.empty()) {
    ChatReply refused;
    refused.kind = ReplyKind::Fatal;
    refused.error = problem;
    return refused;
  }
  std::vector<std::string> headers;
  if (!key.empty()) headers.push_back("Authorization: Bearer " + key);

  HttpRequestOptions opts;
  opts.timeout_s = config_.timeout_s;
  opts.connect_timeout_s = config_.connect_timeout_s;
  opts.cancel = cancel;
  if (config_.verbose && log_) opts.debug = [this, &key](const std::string& t) { log_(redact(t, key)); };

  const HttpResponse http = transport_.post_json(url, request_body(messages, response_format).dump(), headers, opts);

  ChatReply reply;
  reply.retry_after_s = http.retry_after_s;
  reply.http_status = http.status;
  const std::string where = " (" + displayable_url(url) + ")";
  switch (http.error) {
    case TransportError::None: break;
    case TransportError::Cancelled:
      reply.kind = ReplyKind::Cancelled;
      reply.error = "cancelled";
      return reply;
    case TransportError::Timeout:
      reply.kind = ReplyKind::Retryable;
      reply.error = redact("timed out: " + http.error_text + where, key);
      return reply;
    case TransportError::Connection:
      reply.kind = ReplyKind::Retryable;
      reply.error = redact("connection failed: " + http.error_text + where, key);
      return reply;
    case TransportError::Other:
      reply.kind = ReplyKind::Fatal;
      reply.error = redact("request failed: " + http.error_text + where, key);
      return reply;
  }

  if (http.status != 200) {
    // Usage may still be reported (rare), so read it before judging.
    ChatReply parsed = parse_chat_response(http.body);
    reply.usage = parsed.usage;
    reply.usage_reported = parsed.usage_reported;
    reply.kind = retryable_status(http.status) ? ReplyKind::Retryable : ReplyKind::Fatal;
    reply.error = redact("HTTP " + std::to_string(http.status) + ": " + server_error_message(http.body) + where, key);
    return reply;
  }
  ChatReply parsed = parse_chat_response(http.body);
  parsed.http_status = http.status;
  parsed.retry_after_s = http.retry_after_s;
  if (!parsed.error.empty()) parsed.error = redact(parsed.error + where, key);
  for (auto& c : parsed.choices) c.content = redact(c.content, key);
  return parsed;
}

}  // namespace plumage::llm
