// Helpers for the data tests: shared-data lookup and fixture files written
// into a temporary directory at run time.
#pragma once

#include <QString>

#include <string>

namespace plumage::test {

// Absolute path of `rel` under the shared data directory, or empty when the
// directory is not available (tests then QSKIP).
std::string shared_data(const std::string& rel);

// Writes `text` to dir/rel, creating parent directories.
void write_text(const std::string& dir, const std::string& rel, const std::string& text);

}  // namespace plumage::test
