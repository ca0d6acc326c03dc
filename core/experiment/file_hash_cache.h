// Content hashes of input files for run keys, computed streaming (fixed
// buffer) and remembered by (absolute path, size, mtime in ns, device, inode):
// in the process, and across processes in a small JSON file, so a 47 GB
// token file is read once and not at every sweep plan or run.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace plumage::experiment {

class FileHashCache {
 public:
  // Remembers across processes in default_file() (none when that is "").
  FileHashCache();
  // Remembers in `cache_file`; "" = only in this process.
  explicit FileHashCache(std::string cache_file);

  // "sha256:<hex>"; throws std::runtime_error naming the file when unreadable.
  std::string hash(const std::string& path);

  // $PLUMAGE_HASH_CACHE when set ("" turns the file off), else
  // $XDG_CACHE_HOME/plumage/hashes.json, else ~/.cache/plumage/hashes.json.
  static std::string default_file();
  // The persistent file's entries are capped; the least recently used go.
  static constexpr size_t kMaxEntries = 4096;

  // Why a cache file was ignored (corrupt, unreadable), also printed to stderr.
  std::vector<std::string> warnings() const;

  // What identifies a file's content without reading it.
  struct Stamp {
    uint64_t size = 0, dev = 0, inode = 0;
    int64_t mtime_ns = 0;
    bool operator==(const Stamp& o) const {
      return size == o.size && dev == o.dev && inode == o.inode && mtime_ns == o.mtime_ns;
    }
  };
  struct Entry {
    Stamp stamp;
    std::string hash;
    int64_t used = 0;  // seconds since the epoch
  };

 private:
  void load_locked();
  void store_locked(const std::string& path, const Entry& e);

  std::string file_;
  bool loaded_ = false;
  mutable std::mutex mutex_;
  std::map<std::string, Entry> cache_;  // by absolute path
  std::vector<std::string> warnings_;
};

}  // namespace plumage::experiment
