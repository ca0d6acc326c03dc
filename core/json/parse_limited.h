// Parsing JSON that came from outside (files, users, servers, other stores)
// with a depth and a size limit, so a hostile document is refused with a
// clear error before any tree exists. Every JSON input goes through here.
//
//   const nlohmann::json j = jsonio::parse(text, path, jsonio::kConfig);
//   const nlohmann::json j = jsonio::read_file(path, jsonio::kConfig);
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace plumage::jsonio {

struct Limits {
  std::uint64_t max_bytes;
  // Containers open at once; {"a": [1]} is 2 deep. Real inputs (HF
  // config.json, descriptions, sweeps, presets) stay under 10.
  std::size_t max_depth = 64;
};

constexpr std::uint64_t kMiB = std::uint64_t{1} << 20;
// Configs, presets, sweep and task files, model config.json, price tables.
constexpr Limits kConfig{16 * kMiB};
// Data files: descriptions (a few MB for 200 classes x variants), dataset
// manifests, phrase lists, vocab.json, metadata of feature files.
constexpr Limits kData{256 * kMiB};
// One HTTP reply of a chat server, or the JSON answer inside it.
constexpr Limits kReply{16 * kMiB};

// What is wrong, where: `what()` is "<source>:<line>: <problem>", or
// "<source>: <problem>" when no line applies (as data::DataError prints).
class Error : public std::runtime_error {
 public:
  enum class Kind { Io, Size, Depth, Syntax };
  Error(Kind kind, std::string source, std::string problem, std::size_t byte, std::size_t line);
  Kind kind() const { return kind_; }
  const std::string& source() const { return source_; }
  const std::string& problem() const { return problem_; }  // without the source
  std::size_t byte() const { return byte_; }  // 0-based offset of the problem; 0 if none
  std::size_t line() const { return line_; }  // 1-based line of `byte`; 0 when the size is at fault

 private:
  Kind kind_;
  std::string source_, problem_;
  std::size_t byte_, line_;
};

// Refuses `text` (named `source` in errors) when it is larger than
// limits.max_bytes or nests deeper than limits.max_depth; linear time, no
// recursion, no allocation. parse() calls it first.
void check(std::string_view text, const std::string& source, const Limits& limits);

// check(), then nlohmann's parse. Throws Error for a refused document and
// for invalid JSON ("invalid JSON: ..." with line and byte).
nlohmann::json parse(std::string_view text, const std::string& source, const Limits& limits);
nlohmann::ordered_json parse_ordered(std::string_view text, const std::string& source, const Limits& limits);

// The file's bytes, its size checked before reading. Throws Error when it
// cannot be opened or read, or is larger than max_bytes.
std::string read_bytes(const std::string& path, std::uint64_t max_bytes);

// read_bytes() + parse(), with `path` as the source.
nlohmann::json read_file(const std::string& path, const Limits& limits);
nlohmann::ordered_json read_file_ordered(const std::string& path, const Limits& limits);

}  // namespace plumage::jsonio
