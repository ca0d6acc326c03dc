#include "core/llm/secret.h"

#include <cctype>
#include <cstdlib>
#include <regex>

namespace plumage::llm {

std::string api_key_from_env(const std::string& env_var) {
  const char* v = std::getenv(env_var.c_str());
  return v ? std::string(v) : std::string();
}

std::string redact(const std::string& text, const std::string& secret) {
  std::string out = text;
  if (!secret.empty()) {
    std::size_t pos = 0;
    while ((pos = out.find(secret, pos)) != std::string::npos) {
      out.replace(pos, secret.size(), "[REDACTED]");
      pos += 10;
    }
  }
  // Credentials whose value we may not know (a proxy's own token, a key from
  // a keychain the caller forgot to pass): redact by shape.
  static const std::regex bearer(R"((Bearer\s+)[^\s"',;]+)", std::regex::icase);
  static const std::regex param(R"(((?:api[_-]?key|access[_-]?token)\s*[=:]\s*"?)[A-Za-z0-9_\-\.]{8,})",
                                std::regex::icase);
  out = std::regex_replace(out, bearer, "$1[REDACTED]");
  out = std::regex_replace(out, param, "$1[REDACTED]");
  return out;
}

std::string displayable_url(const std::string& url) {
  std::string u = url;
  const std::size_t q = u.find_first_of("?#");
  if (q != std::string::npos) u.erase(q);
  const std::size_t scheme = u.find("://");
  const std::size_t host_start = scheme == std::string::npos ? 0 : scheme + 3;
  const std::size_t path_start = u.find('/', host_start);
  const std::size_t at = u.find('@', host_start);
  if (at != std::string::npos && (path_start == std::string::npos || at < path_start))
    u.erase(host_start, at + 1 - host_start);
  return u;
}

}  // namespace plumage::llm
