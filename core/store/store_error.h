// The exception types of the store: every message names the store file.
#pragma once

#include <stdexcept>
#include <string>

namespace plumage::store {

struct StoreError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A write the store did not accept, after retrying a locked database: disk
// full, read-only file, a lock held too long. The store is not taking this
// process's writes, so a sweep stops on it instead of running on.
struct StoreWriteError : StoreError {
  using StoreError::StoreError;
};

// The run is not this process's any more (another process took it over, or
// it was ended elsewhere): nothing of this process is written to it.
struct RunNotOwned : StoreError {
  using StoreError::StoreError;
};

}  // namespace plumage::store
