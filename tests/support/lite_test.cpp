#include "lite_test.h"

#include <chrono>
#include <cstring>
#include <filesystem>
#include <random>

namespace fs = std::filesystem;

namespace plumage::test {

std::string shared_data_dir() {
  if (const char* env = std::getenv("PLUMAGE_SHARED_DATA"); env && *env)
    return fs::is_directory(env) ? std::string(env) : std::string();
#ifdef PLUMAGE_SHARED_DATA_DIR
  if (fs::is_directory(PLUMAGE_SHARED_DATA_DIR)) return PLUMAGE_SHARED_DATA_DIR;
#endif
  return {};
}

std::string shared_data(const std::string& relative) {
  const std::string dir = shared_data_dir();
  if (dir.empty()) return {};
  fs::path p = fs::path(dir) / relative;
  return fs::exists(p) ? p.string() : std::string();
}

namespace {
struct TempDirs {
  std::vector<fs::path> dirs;
  ~TempDirs() {
    std::error_code ec;
    for (const auto& d : dirs) fs::remove_all(d, ec);
  }
};
TempDirs& temp_dirs() {
  static TempDirs t;
  return t;
}
}  // namespace

std::string temp_dir() {
  std::random_device rd;
  fs::path p = fs::temp_directory_path() / ("plumage-test-" + std::to_string(rd()) + std::to_string(rd()));
  fs::create_directories(p);
  temp_dirs().dirs.push_back(p);
  return p.string();
}

int run_all(int argc, char** argv) {
  int passed = 0, failed = 0, skipped = 0;
  auto selected = [&](const char* name) {
    if (argc <= 1) return true;
    for (int i = 1; i < argc; ++i)
      if (std::strcmp(argv[i], name) == 0) return true;
    return false;
  };
  for (const auto& c : registry()) {
    if (!selected(c.name)) continue;
    auto t0 = std::chrono::steady_clock::now();
    try {
      c.fn();
      auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
      std::cout << "PASS   : " << c.name << " (" << ms << " ms)\n";
      ++passed;
    } catch (const Skip& s) {
      std::cout << "SKIP   : " << c.name << " " << s.reason << "\n";
      ++skipped;
    } catch (const Failure& f) {
      std::cout << "FAIL!  : " << c.name << " " << f.message << "\n";
      ++failed;
    } catch (const std::exception& e) {
      std::cout << "FAIL!  : " << c.name << " unexpected exception: " << e.what() << "\n";
      ++failed;
    }
    std::cout.flush();
  }
  std::cout << "Totals: " << passed << " passed, " << failed << " failed, " << skipped << " skipped\n";
  return failed;
}

}  // namespace plumage::test
