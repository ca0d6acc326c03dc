#include "core/llm/secret.h"

#include <sys/resource.h>

#include <cctype>
#include <cstdlib>

namespace plumage::llm {
namespace {

// Everything here runs on text a server (or anyone on the way) wrote, so it
// scans in linear time without recursion: std::regex recursed once per
// character and overflowed the stack on a long token.

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

// Case-insensitive `word` at `pos`.
bool word_at(const std::string& s, std::size_t pos, const char* word) {
  for (std::size_t k = 0; word[k] != '\0'; ++k) {
    if (pos + k >= s.size() || lower(s[pos + k]) != word[k]) return false;
  }
  return true;
}

// After "Bearer" and whitespace: the token runs to whitespace or " ' , ;.
bool bearer_token_char(char c) { return !space(c) && c != '"' && c != '\'' && c != ',' && c != ';'; }

bool param_value_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
}

// "api_key", "api-key", "apikey", "access_token", ... at `pos`: the length
// of the name, or 0.
std::size_t param_name_at(const std::string& s, std::size_t pos) {
  struct Name {
    const char* first;
    const char* second;
  };
  for (const Name& n : {Name{"api", "key"}, Name{"access", "token"}}) {
    if (!word_at(s, pos, n.first)) continue;
    std::size_t p = pos + std::char_traits<char>::length(n.first);
    if (p < s.size() && (s[p] == '_' || s[p] == '-') && word_at(s, p + 1, n.second)) {
      return p + 1 + std::char_traits<char>::length(n.second) - pos;
    }
    if (word_at(s, p, n.second)) return p + std::char_traits<char>::length(n.second) - pos;
  }
  return 0;
}

bool line_end(char c) { return c == '\r' || c == '\n'; }

// Ends the user info of a URL (or shows there is none before the host).
bool userinfo_stop(char c) {
  return c == '/' || c == '?' || c == '#' || c == '@' || c == '"' || c == '\'' || c == '<' || c == '>' || space(c);
}

// Redacts by shape: "Bearer <token>" and "api_key=<8+ chars>" (also
// access_token, ':' for '=', a quote before the value); the value of an
// "Authorization:" or "Proxy-Authorization:" header after its scheme word
// (Basic carries user:password in base64); the user info of any URL
// ("http://user:pass@proxy" in curl's "Uses proxy env variable" line).
std::string redact_shapes(const std::string& in) {
  std::string out;
  out.reserve(in.size());
  std::size_t i = 0;
  while (i < in.size()) {
    if (word_at(in, i, "authorization:")) {
      std::size_t p = i + 14;
      while (p < in.size() && space(in[p]) && !line_end(in[p])) ++p;
      // A scheme word ("Basic", "Bearer") followed by a space stays.
      std::size_t w = p;
      while (w < in.size() && std::isalpha(static_cast<unsigned char>(in[w]))) ++w;
      if (w > p && w < in.size() && space(in[w]) && !line_end(in[w])) {
        p = w;
        while (p < in.size() && space(in[p]) && !line_end(in[p])) ++p;
      }
      std::size_t e = p;
      while (e < in.size() && bearer_token_char(in[e])) ++e;
      out.append(in, i, p - i);
      if (e > p) out += "[REDACTED]";
      i = e;
      continue;
    }
    if (in.compare(i, 3, "://") == 0) {
      // No '/' before the '@', so a scan never crosses another "://".
      std::size_t e = i + 3;
      while (e < in.size() && !userinfo_stop(in[e])) ++e;
      if (e < in.size() && in[e] == '@' && e > i + 3) {
        out += "://[REDACTED]@";
        i = e + 1;
      } else {
        out += "://";
        i += 3;
      }
      continue;
    }
    if (word_at(in, i, "bearer")) {
      std::size_t p = i + 6;
      while (p < in.size() && space(in[p])) ++p;
      std::size_t e = p;
      while (e < in.size() && bearer_token_char(in[e])) ++e;
      if (p > i + 6 && e > p) {
        out.append(in, i, p - i);
        out += "[REDACTED]";
        i = e;
        continue;
      }
      // No token: keep the text up to where the scan stopped (it cannot
      // start another match), so nothing is scanned twice.
      out.append(in, i, p - i);
      i = p;
      continue;
    }
    if (const std::size_t n = param_name_at(in, i)) {
      std::size_t p = i + n;
      while (p < in.size() && space(in[p])) ++p;
      if (p < in.size() && (in[p] == '=' || in[p] == ':')) {
        ++p;
        while (p < in.size() && space(in[p])) ++p;
        if (p < in.size() && in[p] == '"') ++p;
        std::size_t e = p;
        while (e < in.size() && param_value_char(in[e])) ++e;
        if (e - p >= 8) {
          out.append(in, i, p - i);
          out += "[REDACTED]";
          i = e;
          continue;
        }
      }
      out.append(in, i, n);
      i += n;
      continue;
    }
    out += in[i++];
  }
  return out;
}

}  // namespace

std::string api_key_from_env(const std::string& env_var) {
  const char* v = std::getenv(env_var.c_str());
  return v ? std::string(v) : std::string();
}

bool looks_like_secret(const std::string& key) { return key.size() >= kMinSecretLength; }

std::string redact(const std::string& text, const std::string& secret) {
  std::string out;
  if (looks_like_secret(secret)) {
    out.reserve(text.size());
    std::size_t pos = 0;
    for (std::size_t hit; (hit = text.find(secret, pos)) != std::string::npos; pos = hit + secret.size()) {
      out.append(text, pos, hit - pos);
      out += "[REDACTED]";
    }
    out.append(text, pos, std::string::npos);
  } else {
    out = text;
  }
  // Credentials whose value we may not know (a proxy's own token, a key from
  // a keychain the caller forgot to pass): redact by shape.
  return redact_shapes(out);
}

std::string utf8_prefix(const std::string& s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  std::size_t n = max_bytes;
  // Back off over continuation bytes (10xxxxxx) to the start of the
  // character that the cut would split, then drop that character.
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

bool disable_core_dumps() {
  // Soft and hard limit: nothing later in the process can raise it again.
  const rlimit none{0, 0};
  return setrlimit(RLIMIT_CORE, &none) == 0;
}

namespace {

// The host of a URL, lowercased, without user info, port or brackets.
std::string url_host(const std::string& url) {
  const std::size_t scheme = url.find("://");
  std::size_t b = scheme == std::string::npos ? 0 : scheme + 3;
  std::size_t e = url.find_first_of("/?#", b);
  if (e == std::string::npos) e = url.size();
  const std::size_t at = url.rfind('@', e);
  if (at != std::string::npos && at >= b) b = at + 1;
  std::string host;
  if (b < e && url[b] == '[') {
    const std::size_t close = url.find(']', b);
    host = url.substr(b + 1, (close == std::string::npos || close > e ? e : close) - b - 1);
  } else {
    const std::size_t colon = url.find(':', b);
    host = url.substr(b, (colon == std::string::npos || colon > e ? e : colon) - b);
  }
  for (char& c : host) c = lower(c);
  return host;
}

bool is_loopback_host(const std::string& host) {
  if (host == "localhost" || host == "::1" || host == "0:0:0:0:0:0:0:1") return true;
  if (host.size() > 10 && host.compare(host.size() - 10, 10, ".localhost") == 0) return true;
  // 127.0.0.0/8, written as a dotted quad.
  if (host.rfind("127.", 0) != 0) return false;
  int dots = 0;
  for (char c : host) {
    if (c == '.') ++dots;
    else if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return dots == 3;
}

}  // namespace

std::string insecure_key_problem(const std::string& url, const std::string& key, bool allow_insecure_http) {
  if (allow_insecure_http || !looks_like_secret(key)) return {};
  const std::size_t scheme = url.find("://");
  std::string s = scheme == std::string::npos ? std::string("http") : url.substr(0, scheme);
  for (char& c : s) c = lower(c);
  if (s != "http") return {};  // https; curl refuses anything else
  const std::string host = url_host(url);
  if (is_loopback_host(host)) return {};
  return "refusing to send the API key over plain http to " + (host.empty() ? std::string("an unnamed host") : host) +
         " (" + displayable_url(url) + "), where anyone on the way can read it; use https, or allow it explicitly "
         "(--allow-insecure-http)";
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
