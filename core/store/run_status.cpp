#include "core/store/run_status.h"

namespace plumage::store {

const char* to_string(RunStatus s) {
  switch (s) {
    case RunStatus::Queued: return "QUEUED";
    case RunStatus::Running: return "RUNNING";
    case RunStatus::Done: return "DONE";
    case RunStatus::Failed: return "FAILED";
    case RunStatus::Cancelled: return "CANCELLED";
    case RunStatus::Interrupted: return "INTERRUPTED";
  }
  return "QUEUED";
}

std::optional<RunStatus> parse_run_status(const std::string& text) {
  for (RunStatus s : {RunStatus::Queued, RunStatus::Running, RunStatus::Done, RunStatus::Failed,
                      RunStatus::Cancelled, RunStatus::Interrupted}) {
    if (text == to_string(s)) return s;
  }
  return std::nullopt;
}

bool is_runnable(RunStatus s) {
  return s == RunStatus::Queued || s == RunStatus::Interrupted || s == RunStatus::Failed ||
         s == RunStatus::Cancelled;
}

}  // namespace plumage::store
