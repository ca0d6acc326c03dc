#include "fake_chat_server.h"

#include <httplib.h>

namespace plumage::test {
namespace {

std::string class_from_body(const nlohmann::json& body) {
  if (!body.contains("messages")) return {};
  for (const auto& m : body["messages"]) {
    if (m.value("role", "") != "user") continue;
    const std::string c = m.value("content", "");
    const auto a = c.find("<<"), b = c.find(">>");
    if (a != std::string::npos && b != std::string::npos && b > a) return c.substr(a + 2, b - a - 2);
    return {};
  }
  return {};
}

}  // namespace

FakeChatServer::FakeChatServer(std::vector<std::string> fields)
    : fields_(std::move(fields)), server_(std::make_unique<httplib::Server>()) {
  start_ = std::chrono::steady_clock::now();
  script_ = [](const std::string&, int) { return Fault::None; };
  server_->new_task_queue = [] { return new httplib::ThreadPool(24); };
  server_->set_keep_alive_timeout(1);
  server_->Post("/v1/chat/completions", [this](const httplib::Request& req, httplib::Response& res) {
    std::string out;
    int status = 200;
    std::map<std::string, std::string> headers;
    Fault fault = Fault::None;
    handle(req.body, req.get_header_value("Authorization"), out, status, headers, fault);
    if (delay_ms_ > 0) std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms_));
    if (fault == Fault::Slow) std::this_thread::sleep_for(std::chrono::milliseconds(slow_ms_));
    res.status = status;
    for (const auto& [k, v] : headers) res.set_header(k.c_str(), v);
    if (fault == Fault::Drop) {
      const std::string partial = out.substr(0, out.size() / 3);
      res.set_content_provider(out.size(), "application/json",
                               [partial](size_t, size_t, httplib::DataSink& sink) {
                                 sink.write(partial.data(), partial.size());
                                 return false;  // abort: the connection is closed mid-body
                               });
      return;
    }
    res.set_content(out, "application/json");
  });
  port_ = server_->bind_to_any_port("127.0.0.1");
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  // Wait for the accept loop: httplib's stop() before the loop has started is
  // lost, and the destructor's join would then hang (seen when a test made no
  // request at all).
  for (int i = 0; i < 5000 && !server_->is_running(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

FakeChatServer::~FakeChatServer() {
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

void FakeChatServer::set_script(Script s) {
  std::lock_guard<std::mutex> lock(mu_);
  script_ = std::move(s);
}

std::string FakeChatServer::base_url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/v1"; }

std::vector<RequestRecord> FakeChatServer::requests() const {
  std::lock_guard<std::mutex> lock(mu_);
  return records_;
}

std::map<std::string, int> FakeChatServer::requests_per_class() const {
  std::lock_guard<std::mutex> lock(mu_);
  return attempts_;
}

llm::Usage FakeChatServer::delivered_usage() const {
  std::lock_guard<std::mutex> lock(mu_);
  return delivered_;
}

void FakeChatServer::reset() {
  std::lock_guard<std::mutex> lock(mu_);
  records_.clear();
  attempts_.clear();
  delivered_ = {};
}

void FakeChatServer::handle(const std::string& raw, const std::string& auth, std::string& out, int& status,
                            std::map<std::string, std::string>& headers, Fault& fault) {
  const auto body = nlohmann::json::parse(raw, nullptr, false);
  RequestRecord rec;
  rec.authorization = auth;
  rec.body = body.is_discarded() ? nlohmann::json() : body;
  rec.class_name = body.is_discarded() ? std::string() : class_from_body(body);
  rec.at_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  {
    std::lock_guard<std::mutex> lock(mu_);
    rec.attempt = ++attempts_[rec.class_name];
    rec.fault = script_(rec.class_name, rec.attempt);
  }
  fault = rec.fault;
  const bool wants_schema = rec.body.is_object() && rec.body.contains("response_format");

  // Deterministic usage per request, so sums can be compared exactly.
  const long long prompt_tokens = 40 + static_cast<long long>(rec.class_name.size());
  const long long completion_tokens = 10 + rec.attempt;
  const nlohmann::json usage = {{"prompt_tokens", prompt_tokens},
                                {"completion_tokens", completion_tokens},
                                {"total_tokens", prompt_tokens + completion_tokens}};
  auto envelope = [&](const nlohmann::json& choices) {
    return nlohmann::json{{"id", "chatcmpl-test"},
                          {"object", "chat.completion"},
                          {"model", rec.body.value("model", "")},
                          {"choices", choices},
                          {"usage", usage}};
  };
  auto choice = [&](const std::string& content) {
    return nlohmann::json::array(
        {{{"index", 0}, {"message", {{"role", "assistant"}, {"content", content}}}, {"finish_reason", "stop"}}});
  };
  auto answer = [&](bool drop_last, const std::string& first_prefix) {
    if (!wants_schema) {
      std::string s = "Here is the description.\n";
      for (std::size_t i = 0; i + (drop_last ? 1 : 0) < fields_.size(); ++i)
        s += fields_[i] + ": " + (i == 0 ? first_prefix : "") + "the " + fields_[i] + " of " + rec.class_name + ".\n";
      return s;
    }
    nlohmann::json j = nlohmann::json::object();
    for (std::size_t i = 0; i + (drop_last ? 1 : 0) < fields_.size(); ++i)
      j[fields_[i]] = (i == 0 ? first_prefix : "") + "the " + fields_[i] + " of " + rec.class_name;
    return j.dump();
  };
  bool delivered = true;
  if (lines_only_ && wants_schema) {
    status = 400;
    out = R"({"error":{"message":"'response_format' of type 'json_schema' is not supported","type":"invalid_request_error"}})";
    delivered = false;
  } else {
    switch (fault) {
      case Fault::None: out = envelope(choice(answer(false, ""))).dump(); break;
      case Fault::EchoKeyInContent: out = envelope(choice(answer(false, "[" + auth + "] "))).dump(); break;
      case Fault::RateLimited:
      case Fault::RateLimitedRetryAfter:
        status = 429;
        out = R"({"error":{"message":"Rate limit reached for requests","type":"requests"}})";
        if (fault == Fault::RateLimitedRetryAfter) headers["Retry-After"] = "1";
        delivered = false;
        break;
      case Fault::Status500:
      case Fault::Status503:
        status = fault == Fault::Status500 ? 500 : 503;
        out = R"({"error":{"message":"The server had an error while processing your request"}})";
        delivered = false;
        break;
      case Fault::Drop:
      case Fault::Slow:
        out = envelope(choice(answer(false, ""))).dump();
        delivered = false;  // the client never reads this usage
        break;
      case Fault::BadBody:
        out = "{\"id\": \"chatcmpl-test\", \"choices\": [ {\"index\": 0, ";
        delivered = false;
        break;
      case Fault::ContentNotJson: out = envelope(choice("Sure! The bird is small and brown.")).dump(); break;
      case Fault::ContentMissingField: out = envelope(choice(answer(true, ""))).dump(); break;
      case Fault::EmptyChoices: out = envelope(nlohmann::json::array()).dump(); break;
      case Fault::Unauthorized:
        status = 401;
        out = nlohmann::json{{"error", {{"message", "Incorrect API key provided: " + auth.substr(auth.find(' ') + 1)},
                                        {"type", "invalid_request_error"}}}}
                  .dump();
        delivered = false;
        break;
    }
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (delivered) {
    delivered_.prompt_tokens += prompt_tokens;
    delivered_.completion_tokens += completion_tokens;
    delivered_.requests += 1;
  }
  records_.push_back(std::move(rec));
}

}  // namespace plumage::test
