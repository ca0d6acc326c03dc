// How the facade's jobs fail, in types a caller can tell apart without the
// engine's headers: bad input (a malformed or missing file, a bad value, a
// bad config: the message names the file and key) is an InputError; a
// cancelled job throws RunCancelled (runner.h); anything else is a plain
// std::exception. The CLI maps them to exit codes 2, 130 and 1. A store
// that refuses a write (disk full, read-only, locked past the retries)
// throws store::StoreWriteError (store_error.h): the job stops, exit 1.
#pragma once

#include <stdexcept>
#include <string>

namespace plumage::experiment {

struct InputError : std::runtime_error {
  explicit InputError(const std::string& what) : std::runtime_error(what) {}
};

// Call inside a catch block: rethrows the exception in flight as
// InputError when it reports bad input (the engine's FeatureFileError and
// ClipLoadError, the tokenizer's and the data readers' errors,
// std::invalid_argument, ConfigError), as RunCancelled when the engine was
// cancelled, and unchanged otherwise.
[[noreturn]] void rethrow_classified();

}  // namespace plumage::experiment
