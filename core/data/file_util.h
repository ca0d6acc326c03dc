// Small file helpers shared by the dataset readers and writers.
#pragma once

#include <string>
#include <vector>

namespace plumage::data {

// Whole file as bytes. Throws DataError naming the file when it cannot be read.
std::string read_file_bytes(const std::string& path);

// Writes `bytes` to a temporary file beside `path` (created exclusively),
// fsyncs it, renames it over `path` and fsyncs the folder, so neither a crash
// nor a power cut leaves a half-written or vanished file. Throws DataError
// naming the file on any failure (the temporary file is removed).
void write_file_atomic(const std::string& path, const std::string& bytes);

// Splits text into lines, accepting LF and CRLF; trailing whitespace of each
// line is removed. Line i of the result is line i+1 of the file.
std::vector<std::string> split_lines(const std::string& text);

// Splits on runs of spaces/tabs.
std::vector<std::string> split_fields(const std::string& line);

std::string trim(const std::string& s);

// Current UTC time as ISO 8601 ("2026-11-27T15:06:10Z").
std::string utc_now_iso8601();

// Lowercase hex SHA-256 of `bytes`, prefixed "sha256:".
std::string sha256_tag(const std::string& bytes);

// Parses a whole string as a non-negative integer / finite double;
// false when the text is not exactly a number.
bool parse_uint(const std::string& s, long long& out);
bool parse_double(const std::string& s, double& out);

}  // namespace plumage::data
