#include "lite_test.h"

#include <ftw.h>
#include <sys/stat.h>

#include <cstdio>

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
int remove_entry(const char* path, const struct stat*, int, struct FTW*) { return std::remove(path); }

// Removed with POSIX nftw rather than std::filesystem::remove_all, which
// crashed with PyTorch's own LibTorch loaded (torch 2.11 wheels, Ubuntu 24.04).
struct TempDirs {
  std::vector<std::string> dirs;
  void remove_all() {
    for (const auto& d : dirs) nftw(d.c_str(), remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    dirs.clear();
  }
  ~TempDirs() { remove_all(); }
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
  temp_dirs().dirs.push_back(p.string());
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
  temp_dirs().remove_all();
  std::cout << "Totals: " << passed << " passed, " << failed << " failed, " << skipped << " skipped\n";
  return failed;
}

}  // namespace plumage::test
