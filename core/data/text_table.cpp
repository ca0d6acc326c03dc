#include "core/data/text_table.h"

#include "core/data/file_util.h"

#include <filesystem>

namespace plumage::data {

std::vector<TableRow> read_table(const std::string& path, const std::string& display, DiagnosticSink& sink) {
  std::vector<TableRow> rows;
  if (!std::filesystem::exists(path)) {
    sink.report(display, 0, "file not found");
    return rows;
  }
  std::string bytes;
  try {
    bytes = read_file_bytes(path);
  } catch (const DataError& e) {
    sink.report(display, 0, e.problems().front().message);
    return rows;
  }
  // A UTF-8 byte order mark (added by some editors) is not part of the first field.
  if (bytes.size() >= 3 && bytes.compare(0, 3, "\xEF\xBB\xBF") == 0) bytes.erase(0, 3);
  const auto lines = split_lines(bytes);
  rows.reserve(lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    TableRow row;
    row.line = i + 1;
    row.fields = split_fields(lines[i]);
    if (row.fields.empty()) continue;
    std::size_t p = lines[i].find(row.fields[0]) + row.fields[0].size();
    row.rest_after_first = trim(lines[i].substr(p));
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<std::string> read_name_list(const std::string& path, DiagnosticSink& sink) {
  std::vector<std::string> names;
  for (const auto& row : read_table(path, path, sink)) {
    long long id = 0;
    if (!parse_uint(row.fields[0], id) || row.rest_after_first.empty()) {
      sink.report(path, row.line, "expected \"<id> <name>\"");
      continue;
    }
    if (id != static_cast<long long>(names.size()) + 1) {
      sink.report(path, row.line, "id " + std::to_string(id) + " out of sequence (expected " +
                                      std::to_string(names.size() + 1) + ")");
      continue;
    }
    names.push_back(row.rest_after_first);
  }
  return names;
}

}  // namespace plumage::data
