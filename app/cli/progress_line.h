// Progress of a long command on stderr. On a terminal: one line rewritten in
// place, with the rate and the time left. Anywhere else (a Slurm log, a file,
// a pipe): a plain line now and then (the first, then at most one every
// `interval_s` seconds, and the last), never a carriage return, so logs read
// line by line.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <string>

namespace plumage::cli {

class ProgressLine {
 public:
  // `is_terminal`: -1 asks isatty() about `out`.
  explicit ProgressLine(std::string what, std::FILE* out = stderr, int is_terminal = -1, double interval_s = 5.0);

  // `extra` is appended as is (", 3 skipped").
  void update(size_t done, size_t total, double per_second, const std::string& extra = {});

 private:
  std::string what_;
  std::FILE* out_;
  bool terminal_;
  double interval_s_;
  bool printed_ = false;
  bool finished_ = false;
  std::chrono::steady_clock::time_point last_;
};

// "1:05", "12:03:09": a duration for ETAs.
std::string format_eta(double seconds);

}  // namespace plumage::cli
