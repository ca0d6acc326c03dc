#include "core/json/parse_limited.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sys/stat.h>

namespace plumage::jsonio {
namespace {

std::size_t line_of(std::string_view text, std::size_t byte) {
  std::size_t line = 1;
  for (std::size_t i = 0; i < byte && i < text.size(); ++i)
    if (text[i] == '\n') ++line;
  return line;
}

std::string size_text(std::uint64_t bytes) {
  if (bytes >= kMiB && bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MiB";
  return std::to_string(bytes) + " bytes";
}

template <typename Json>
Json parse_as(std::string_view text, const std::string& source, const Limits& limits) {
  check(text, source, limits);
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte counts from 1 and points just past the offending character.
    const std::size_t at = e.byte > 0 ? e.byte - 1 : 0;
    const std::size_t line = line_of(text, at);
    throw Error(Error::Kind::Syntax, source, "invalid JSON at byte " + std::to_string(at) + " (" +
                            e.what() + ")",
                at, line);
  } catch (const nlohmann::json::exception& e) {
    // Not a parse_error but as much the input's fault: a number out of
    // range ("1e99999") is out_of_range.406 (found by fuzz_json_limited).
    throw Error(Error::Kind::Syntax, source, std::string("invalid JSON (") + e.what() + ")", 0, 0);
  }
}

}  // namespace

Error::Error(Kind kind, std::string source, std::string problem, std::size_t byte, std::size_t line)
    : std::runtime_error(source + (line > 0 ? ":" + std::to_string(line) : std::string()) + ": " + problem),
      kind_(kind),
      source_(std::move(source)),
      problem_(std::move(problem)),
      byte_(byte),
      line_(line) {}

void check(std::string_view text, const std::string& source, const Limits& limits) {
  if (text.size() > limits.max_bytes)
    throw Error(Error::Kind::Size, source, "JSON of " + std::to_string(text.size()) + " bytes is larger than the limit of " +
                            size_text(limits.max_bytes),
                0, 0);
  // Brackets inside strings do not count; a backslash escapes the next byte.
  // Counting every bracket outside strings can only overestimate the depth
  // the parser reaches, so nothing deeper than the limit gets through.
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limits.max_depth) {
        const std::size_t line = line_of(text, i);
        throw Error(Error::Kind::Depth, source, "JSON nested deeper than " +
                                std::to_string(limits.max_depth) + " levels at byte " + std::to_string(i),
                    i, line);
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
}

nlohmann::json parse(std::string_view text, const std::string& source, const Limits& limits) {
  return parse_as<nlohmann::json>(text, source, limits);
}

nlohmann::ordered_json parse_ordered(std::string_view text, const std::string& source, const Limits& limits) {
  return parse_as<nlohmann::ordered_json>(text, source, limits);
}

std::string read_bytes(const std::string& path, std::uint64_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(Error::Kind::Io, path, std::string("cannot open file: ") + std::strerror(errno), 0, 0);
  // The size before reading: a multi-GB file is refused without a read.
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && static_cast<std::uint64_t>(st.st_size) > max_bytes)
    throw Error(Error::Kind::Size, path, "file of " + std::to_string(st.st_size) + " bytes is larger than the limit of " +
                          size_text(max_bytes) + " for this kind of JSON file",
                0, 0);
  // Read at most one byte past the limit (a pipe or a growing file).
  std::string out;
  char buf[1 << 16];
  while (in) {
    in.read(buf, sizeof buf);
    out.append(buf, static_cast<std::size_t>(in.gcount()));
    if (out.size() > max_bytes)
      throw Error(Error::Kind::Size, path, "file is larger than the limit of " + size_text(max_bytes) + " for this kind of JSON file",
                  0, 0);
  }
  if (in.bad()) throw Error(Error::Kind::Io, path, "read error", 0, 0);
  return out;
}

nlohmann::json read_file(const std::string& path, const Limits& limits) {
  return parse(read_bytes(path, limits.max_bytes), path, limits);
}

nlohmann::ordered_json read_file_ordered(const std::string& path, const Limits& limits) {
  return parse_ordered(read_bytes(path, limits.max_bytes), path, limits);
}

}  // namespace plumage::jsonio
