// Configuration problems. A config is checked as a whole and every problem
// is reported at once, each naming the file and the key ("adapter.lr: ...").
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace plumage::experiment {

struct ConfigError : std::runtime_error {
  ConfigError(const std::string& source, std::vector<std::string> problems);
  std::vector<std::string> problems;
};

}  // namespace plumage::experiment
