#include "core/data/diagnostics.h"

#include <utility>

namespace plumage::data {

std::string Diagnostic::to_string() const {
  std::string s = file.empty() ? std::string("<input>") : file;
  if (line > 0) s += ":" + std::to_string(line);
  return s + ": " + message;
}

namespace {
std::string summarize(const std::vector<Diagnostic>& problems) {
  if (problems.empty()) return "invalid data";
  std::string s = problems.front().to_string();
  if (problems.size() > 1)
    s += " (and " + std::to_string(problems.size() - 1) + " more problem" +
         (problems.size() > 2 ? "s" : "") + ")";
  return s;
}
}  // namespace

DataError::DataError(std::vector<Diagnostic> problems)
    : std::runtime_error(summarize(problems)), problems_(std::move(problems)) {}

DataError::DataError(std::string file, std::size_t line, std::string message)
    : DataError(std::vector<Diagnostic>{{std::move(file), line, std::move(message)}}) {}

void DiagnosticSink::report(std::string file, std::size_t line, std::string message) {
  list_.push_back({std::move(file), line, std::move(message)});
}

void DiagnosticSink::throw_if_any() const {
  if (!list_.empty()) throw DataError(list_);
}

}  // namespace plumage::data
