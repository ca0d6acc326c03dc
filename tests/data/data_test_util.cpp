#include "data_test_util.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace plumage::test {

std::string shared_data(const std::string& rel) {
  namespace fs = std::filesystem;
  std::string base;
  if (const char* env = std::getenv("PLUMAGE_SHARED_DATA"); env && *env) base = env;
#ifdef PLUMAGE_SHARED_DATA_DIR
  if (base.empty()) base = PLUMAGE_SHARED_DATA_DIR;
#endif
  if (base.empty()) return {};
  fs::path p = fs::path(base) / rel;
  return fs::exists(p) ? p.string() : std::string();
}

void write_text(const std::string& dir, const std::string& rel, const std::string& text) {
  namespace fs = std::filesystem;
  fs::path p = fs::path(dir) / rel;
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  if (!out) throw std::runtime_error("cannot write fixture " + p.string());
  out << text;
}

}  // namespace plumage::test
