// Line-oriented, whitespace-separated text tables (the CUB metadata files).
#pragma once

#include "core/data/diagnostics.h"

#include <string>
#include <vector>

namespace plumage::data {

struct TableRow {
  std::size_t line = 0;             // 1-based line number in the file
  std::vector<std::string> fields;  // whitespace-separated fields
  std::string rest_after_first;     // the line after the first field (trimmed), for paths/names with spaces
};

// Reads `path`, skipping blank lines. A missing or unreadable file is
// reported to `sink` (as `display` at line 0) and yields no rows.
std::vector<TableRow> read_table(const std::string& path, const std::string& display, DiagnosticSink& sink);

// "<id> <name with spaces>" lists (attributes.txt, parts/parts.txt): ids must
// run 1..N in order, because the annotation files address them by id.
std::vector<std::string> read_name_list(const std::string& path, DiagnosticSink& sink);

}  // namespace plumage::data
