// A local stand-in for a chat-completions server (cpp-httplib on 127.0.0.1,
// ephemeral port, own thread) that answers like the real API and injects the
// faults a batch must survive. The class a request is about is read from the
// first user message, between "<<" and ">>" (the test templates put it there).
#pragma once

#include "core/llm/chat_client.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace httplib {
class Server;
}

namespace plumage::test {

enum class Fault {
  None,                 // a valid answer
  RateLimited,          // 429 without Retry-After
  RateLimitedRetryAfter,  // 429 with Retry-After: 1
  Status500,
  Status503,
  Drop,                 // headers + part of the body, then the connection is closed
  Slow,                 // a valid answer, sent after slow_ms (past the client timeout)
  BadBody,              // 200 with a body that is not JSON
  ContentNotJson,       // valid envelope, message content is prose
  ContentMissingField,  // valid envelope, content JSON lacks the last field
  EmptyChoices,         // valid envelope with "choices": []
  EchoKeyInContent,     // a valid answer whose first field quotes the Authorization header
  Unauthorized,         // 401 whose error message quotes the key (as OpenAI's does, partly)
};

struct RequestRecord {
  std::string class_name;
  int attempt = 0;  // 1-based, per class
  Fault fault = Fault::None;
  std::string authorization;
  nlohmann::json body;
  double at_s = 0;  // seconds since the server started
};

class FakeChatServer {
 public:
  using Script = std::function<Fault(const std::string& class_name, int attempt)>;
  explicit FakeChatServer(std::vector<std::string> fields);
  ~FakeChatServer();

  void set_script(Script s);
  void set_reply_delay_ms(int ms) { delay_ms_ = ms; }  // every reply
  void set_slow_ms(int ms) { slow_ms_ = ms; }          // Fault::Slow
  // Like a server without structured-output support: 400 when response_format
  // is sent, "Field: text" lines otherwise.
  void set_lines_only(bool on) { lines_only_ = on; }

  std::string base_url() const;  // http://127.0.0.1:<port>/v1
  std::vector<RequestRecord> requests() const;
  std::map<std::string, int> requests_per_class() const;
  // Sum of the usage blocks in responses that were delivered whole (not the
  // ones the client had given up on, not dropped ones).
  llm::Usage delivered_usage() const;
  void reset();

 private:
  void handle(const std::string& body, const std::string& auth, std::string& out_body, int& status,
              std::map<std::string, std::string>& headers, Fault& fault);

  std::vector<std::string> fields_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mu_;
  Script script_;
  std::vector<RequestRecord> records_;
  std::map<std::string, int> attempts_;
  llm::Usage delivered_;
  std::chrono::steady_clock::time_point start_;
  int delay_ms_ = 0;
  int slow_ms_ = 800;
  bool lines_only_ = false;
};

}  // namespace plumage::test
