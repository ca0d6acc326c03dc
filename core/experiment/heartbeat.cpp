#include "core/experiment/heartbeat.h"

#include "core/store/run_store.h"

namespace plumage::experiment {

HeartbeatTicker::HeartbeatTicker(store::RunStore& store, std::chrono::milliseconds interval)
    : store_(store), interval_(interval) {
  thread_ = std::thread([this] { loop(); });
}

HeartbeatTicker::~HeartbeatTicker() {
  {
    std::lock_guard<std::mutex> lk(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void HeartbeatTicker::add(int64_t id) {
  std::lock_guard<std::mutex> lk(mutex_);
  active_.insert(id);
}

void HeartbeatTicker::remove(int64_t id) {
  std::lock_guard<std::mutex> lk(mutex_);
  active_.erase(id);
}

void HeartbeatTicker::loop() {
  std::unique_lock<std::mutex> lk(mutex_);
  while (!stop_) {
    wake_.wait_for(lk, interval_);
    if (stop_) break;
    for (int64_t id : active_) store_.heartbeat(id);
  }
}

}  // namespace plumage::experiment
