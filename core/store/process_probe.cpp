#include "core/store/process_probe.h"

#include <cerrno>
#include <csignal>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

namespace plumage::store {
namespace {

// Boot time in Unix seconds ("btime" of /proc/stat); 0 when unknown.
int64_t boot_time_s() {
  std::ifstream in("/proc/stat");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("btime ", 0) == 0) return std::stoll(line.substr(6));
  }
  return 0;
}

}  // namespace

bool process_alive(int64_t pid) {
  if (pid <= 0) return false;
  return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

int64_t process_start_ms(int64_t pid) {
  if (pid <= 0) return 0;
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(in, line)) return 0;
  // Field 2 (the command) may hold spaces and parentheses: count from its end.
  const auto close = line.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream rest(line.substr(close + 1));
  std::string field;
  for (int i = 3; i <= 22; ++i) {  // field 22: start time in clock ticks after boot
    if (!(rest >> field)) return 0;
  }
  const long hz = sysconf(_SC_CLK_TCK);
  const int64_t boot = boot_time_s();
  if (hz <= 0 || boot <= 0) return 0;
  try {
    return boot * 1000 + static_cast<int64_t>(std::stoull(field) * 1000 / static_cast<unsigned long long>(hz));
  } catch (const std::exception&) {
    return 0;
  }
}

bool claimant_alive(int64_t pid, int64_t claimed_ms) {
  if (!process_alive(pid)) return false;
  const int64_t started = process_start_ms(pid);
  // btime has one-second resolution: allow for it and a little clock skew.
  constexpr int64_t kSlackMs = 2000;
  return started == 0 || claimed_ms <= 0 || started <= claimed_ms + kSlackMs;
}

}  // namespace plumage::store
