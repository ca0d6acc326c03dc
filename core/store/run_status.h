// Life cycle of a run. A run is QUEUED when its sweep is planned, RUNNING
// while a process works on it (with a heartbeat), and ends DONE, FAILED
// (error text kept) or CANCELLED. A RUNNING run whose process died is marked
// INTERRUPTED when the store is next opened; resuming re-runs INTERRUPTED and
// FAILED runs and skips DONE ones.
#pragma once

#include <optional>
#include <string>

namespace plumage::store {

enum class RunStatus { Queued, Running, Done, Failed, Cancelled, Interrupted };

const char* to_string(RunStatus s);
// "DONE" → Done; nullopt for anything else.
std::optional<RunStatus> parse_run_status(const std::string& text);
// A resume re-runs these (QUEUED, INTERRUPTED, FAILED, CANCELLED).
bool is_runnable(RunStatus s);

}  // namespace plumage::store
