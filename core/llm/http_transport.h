// One HTTP connection (a libcurl easy handle) that POSTs JSON. Owned by one
// thread at a time; the batch gives each worker its own transport so
// connections are reused across that worker's requests.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace plumage::llm {

enum class TransportError {
  None,        // an HTTP response arrived (any status)
  Timeout,     // no complete reply within the request timeout
  Connection,  // refused, reset, dropped mid-reply, DNS, TLS
  Cancelled,   // the caller's cancel flag was raised
  Other,       // anything else curl reports
};

struct HttpResponse {
  TransportError error = TransportError::None;
  std::string error_text;  // curl's message; NOT redacted here (see ChatClient)
  long status = 0;
  std::string body;
  // From Retry-After (seconds or HTTP date) or retry-after-ms, when sent.
  std::optional<double> retry_after_s;
};

struct HttpRequestOptions {
  double timeout_s = 60;
  double connect_timeout_s = 10;
  const std::atomic<bool>* cancel = nullptr;
  // curl's verbose trace, one call per chunk; the caller must redact it.
  std::function<void(const std::string&)> debug;
};

class HttpTransport {
 public:
  HttpTransport();
  ~HttpTransport();
  HttpTransport(const HttpTransport&) = delete;
  HttpTransport& operator=(const HttpTransport&) = delete;

  HttpResponse post_json(const std::string& url, const std::string& body,
                         const std::vector<std::string>& headers, const HttpRequestOptions& options);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Seconds to wait from a Retry-After value ("120" or an HTTP date); nullopt
// when it is neither.
std::optional<double> parse_retry_after(const std::string& value);

}  // namespace plumage::llm
