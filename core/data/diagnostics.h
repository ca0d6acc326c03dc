// Problems found in dataset files, always located by file and line (or JSON
// key), so a researcher can open the file and fix it. Readers collect them;
// the caller decides whether any problem is fatal (strict) or only a warning
// (lenient: the offending entry is skipped).
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace plumage::data {

struct Diagnostic {
  std::string file;     // path as given to the reader (may be empty)
  std::size_t line = 0;  // 1-based; 0 when the problem is not tied to a line
  std::string message;

  // "file:line: message" (or "file: message" without a line).
  std::string to_string() const;
};

enum class ReadMode {
  Strict,   // any problem makes the read fail with DataError
  Lenient,  // problems are collected as warnings; bad entries are skipped
};

// A read that failed. what() names the first problem and how many there were.
class DataError : public std::runtime_error {
 public:
  explicit DataError(std::vector<Diagnostic> problems);
  DataError(std::string file, std::size_t line, std::string message);
  const std::vector<Diagnostic>& problems() const { return problems_; }

 private:
  std::vector<Diagnostic> problems_;
};

// Collects diagnostics during a read.
class DiagnosticSink {
 public:
  void report(std::string file, std::size_t line, std::string message);
  bool empty() const { return list_.empty(); }
  std::size_t size() const { return list_.size(); }
  const std::vector<Diagnostic>& list() const { return list_; }
  std::vector<Diagnostic> take() { return std::move(list_); }
  // Strict mode: throws DataError when anything was reported.
  void throw_if_any() const;

 private:
  std::vector<Diagnostic> list_;
};

}  // namespace plumage::data
