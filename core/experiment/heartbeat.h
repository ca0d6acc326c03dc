// Keeps the heartbeat of RUNNING runs fresh while this process works on them,
// so that another process opening the store (a sweep launch, the next start
// after a crash) does not take them for abandoned. One ticker thread posts a
// heartbeat for every active run at a fixed interval.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <set>
#include <thread>

namespace plumage::store {
class RunStore;
}

namespace plumage::experiment {

class HeartbeatTicker {
 public:
  HeartbeatTicker(store::RunStore& store, std::chrono::milliseconds interval);
  ~HeartbeatTicker();
  HeartbeatTicker(const HeartbeatTicker&) = delete;
  HeartbeatTicker& operator=(const HeartbeatTicker&) = delete;

  void add(int64_t run_id);
  void remove(int64_t run_id);

 private:
  void loop();
  store::RunStore& store_;
  std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::set<int64_t> active_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace plumage::experiment
