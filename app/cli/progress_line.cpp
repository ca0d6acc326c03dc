#include "app/cli/progress_line.h"

#include <unistd.h>

#include <cmath>

namespace plumage::cli {

ProgressLine::ProgressLine(std::string what, std::FILE* out, int is_terminal, double interval_s)
    : what_(std::move(what)),
      out_(out),
      terminal_(is_terminal < 0 ? ::isatty(::fileno(out)) != 0 : is_terminal != 0),
      interval_s_(interval_s) {}

std::string format_eta(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  const long s = std::lround(seconds);
  char buf[32];
  if (s >= 3600) std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  else std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  return buf;
}

void ProgressLine::update(size_t done, size_t total, double per_second, const std::string& extra) {
  if (finished_) return;
  const bool last = total > 0 && done >= total;
  const auto now = std::chrono::steady_clock::now();
  if (!terminal_ && printed_ && !last && std::chrono::duration<double>(now - last_).count() < interval_s_) return;
  std::string eta;
  if (!last && per_second > 0 && total > done) eta = ", " + format_eta(double(total - done) / per_second) + " left";
  const double pct = total > 0 ? 100.0 * double(done) / double(total) : 0.0;
  if (terminal_) {
    // \033[K clears what a longer previous line left behind.
    std::fprintf(out_, "\r%s: %zu/%zu (%.0f%%, %.1f/s%s)%s\033[K", what_.c_str(), done, total, pct, per_second,
                 eta.c_str(), extra.c_str());
    if (last) std::fputc('\n', out_);
  } else {
    std::fprintf(out_, "%s: %zu/%zu (%.0f%%, %.1f/s%s)%s\n", what_.c_str(), done, total, pct, per_second, eta.c_str(),
                 extra.c_str());
  }
  std::fflush(out_);
  printed_ = true;
  finished_ = last;
  last_ = now;
}

}  // namespace plumage::cli
