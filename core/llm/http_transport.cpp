#include "core/llm/http_transport.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <ctime>
#include <mutex>
#include <stdexcept>

namespace plumage::llm {
namespace {

// curl_global_init is not thread-safe on older libcurls; do it once.
void global_init_once() {
  static std::once_flag flag;
  std::call_once(flag, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct CallState {
  HttpResponse* response;
  const HttpRequestOptions* options;
};

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string trim_ws(const std::string& s) {
  std::size_t a = 0, b = s.size();
  while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
  return s.substr(a, b - a);
}

size_t on_body(char* data, size_t size, size_t nmemb, void* user) {
  auto* st = static_cast<CallState*>(user);
  st->response->body.append(data, size * nmemb);
  return size * nmemb;
}

size_t on_header(char* data, size_t size, size_t nmemb, void* user) {
  auto* st = static_cast<CallState*>(user);
  const std::string line(data, size * nmemb);
  // A new status line starts a new header block (redirects, 100-continue).
  if (line.rfind("HTTP/", 0) == 0) st->response->retry_after_s.reset();
  const std::size_t colon = line.find(':');
  if (colon == std::string::npos) return size * nmemb;
  const std::string name = lower(trim_ws(line.substr(0, colon)));
  const std::string value = trim_ws(line.substr(colon + 1));
  if (name == "retry-after-ms") {
    char* end = nullptr;
    const double ms = std::strtod(value.c_str(), &end);
    if (end && *end == '\0' && ms >= 0) st->response->retry_after_s = ms / 1000.0;
  } else if (name == "retry-after" && !st->response->retry_after_s) {
    st->response->retry_after_s = parse_retry_after(value);
  }
  return size * nmemb;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* st = static_cast<CallState*>(user);
  const auto* cancel = st->options->cancel;
  return (cancel && cancel->load()) ? 1 : 0;  // non-zero aborts the transfer
}

int on_debug(CURL*, curl_infotype type, char* data, size_t size, void* user) {
  auto* st = static_cast<CallState*>(user);
  if (!st->options->debug) return 0;
  // Text and headers only: bodies can be large and are logged elsewhere.
  if (type == CURLINFO_TEXT || type == CURLINFO_HEADER_IN || type == CURLINFO_HEADER_OUT)
    st->options->debug(std::string(data, size));
  return 0;
}

TransportError classify(CURLcode rc) {
  switch (rc) {
    case CURLE_OK: return TransportError::None;
    case CURLE_OPERATION_TIMEDOUT: return TransportError::Timeout;
    case CURLE_ABORTED_BY_CALLBACK: return TransportError::Cancelled;
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return TransportError::Connection;
    default: return TransportError::Other;
  }
}

}  // namespace

struct HttpTransport::Impl {
  CURL* easy = nullptr;
};

HttpTransport::HttpTransport() : impl_(std::make_unique<Impl>()) {
  global_init_once();
  impl_->easy = curl_easy_init();
  if (!impl_->easy) throw std::runtime_error("libcurl: cannot create a handle");
}

HttpTransport::~HttpTransport() {
  if (impl_->easy) curl_easy_cleanup(impl_->easy);
}

HttpResponse HttpTransport::post_json(const std::string& url, const std::string& body,
                                      const std::vector<std::string>& headers,
                                      const HttpRequestOptions& options) {
  HttpResponse response;
  CallState state{&response, &options};
  CURL* h = impl_->easy;
  curl_easy_reset(h);  // keeps the connection cache, drops old options

  curl_slist* list = nullptr;
  list = curl_slist_append(list, "Content-Type: application/json");
  list = curl_slist_append(list, "Expect:");  // no 100-continue round trip
  for (const auto& hd : headers) list = curl_slist_append(list, hd.c_str());

  char errbuf[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(h, CURLOPT_POST, 1L);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &state);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &state);
  curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, &on_progress);
  curl_easy_setopt(h, CURLOPT_XFERINFODATA, &state);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // required for timeouts in threads
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options.timeout_s * 1000));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connect_timeout_s * 1000));
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");  // whatever curl can decode
  curl_easy_setopt(h, CURLOPT_USERAGENT, "plumage-llm");
  if (options.debug) {
    curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
    curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, &on_debug);
    curl_easy_setopt(h, CURLOPT_DEBUGDATA, &state);
  }

  const CURLcode rc = curl_easy_perform(h);
  curl_slist_free_all(list);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, nullptr);
  response.error = classify(rc);
  if (rc != CURLE_OK) {
    response.error_text = errbuf[0] ? std::string(errbuf) : std::string(curl_easy_strerror(rc));
    return response;
  }
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

std::optional<double> parse_retry_after(const std::string& value) {
  const std::string v = trim_ws(value);
  if (v.empty()) return std::nullopt;
  if (std::all_of(v.begin(), v.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '.'; })) {
    char* end = nullptr;
    const double s = std::strtod(v.c_str(), &end);
    if (end && *end == '\0') return s;
    return std::nullopt;
  }
  const time_t when = curl_getdate(v.c_str(), nullptr);
  if (when == -1) return std::nullopt;
  const double delta = std::difftime(when, std::time(nullptr));
  return delta > 0 ? delta : 0.0;
}

}  // namespace plumage::llm
