// Shared setup for the batch tests: a template that marks the class name for
// the fake server, class lists, fast retry settings.
#pragma once

#include "core/llm/batch.h"

#include <string>
#include <vector>

namespace plumage::test {

extern const char* const kTestKey;  // the API key the tests must never find in output

std::vector<std::string> test_fields();
std::vector<llm::ClassTarget> test_classes(int count);
// A batch config for `base_url` with millisecond backoffs and a short timeout.
llm::BatchConfig fast_config(const std::string& base_url);

// Runs a batch with the config fast_config builds; used by the child process
// of the kill test (argv: --child-batch URL STORE COUNT).
int run_child_batch(const std::string& base_url, const std::string& store, int count);

}  // namespace plumage::test
