// The one exception type of the store: every message names the store file.
#pragma once

#include <stdexcept>
#include <string>

namespace plumage::store {

struct StoreError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace plumage::store
