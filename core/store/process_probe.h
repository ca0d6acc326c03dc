// Whether the process that claimed a run on this host still runs. A pid
// alone is not enough: pids are reused (a restarted container gives the new
// plumage-cli the old one's pid), so the process found under the pid must
// also have started before the run was claimed.
#pragma once

#include <cstdint>

namespace plumage::store {

// True when a process with this pid exists (even one we may not signal).
bool process_alive(int64_t pid);

// Wall-clock Unix ms at which process `pid` started, from /proc (to about a
// second); 0 when unknown (no /proc, no such process).
int64_t process_start_ms(int64_t pid);

// The process that claimed a run at `claimed_ms` under `pid` still runs:
// `pid` is alive and did not start after the claim.
bool claimant_alive(int64_t pid, int64_t claimed_ms);

}  // namespace plumage::store
