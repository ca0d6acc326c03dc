// SQLite's locking is unreliable on network filesystems (NFS, SMB/CIFS, 9p,
// sshfs, ...): WAL needs shared memory that only works on one host, and a
// broken lock corrupts the store. So a store is refused there, with a message
// that says what to do instead.
#pragma once

#include <string>

namespace plumage::store {

// Filesystem type name ("ext4", "nfs4", "fuse.sshfs") of the mount holding
// `path` (which need not exist yet: its nearest existing parent is used),
// read from `mountinfo_text` in /proc/self/mountinfo format. "" if unknown.
std::string filesystem_type_from_mountinfo(const std::string& mountinfo_text, const std::string& path);

// True for filesystem type names that are network or FUSE-remote filesystems.
bool is_network_filesystem_type(const std::string& fstype);

// Filesystem type of `path` on this machine: /proc/self/mountinfo, with
// statfs() magic numbers as a fallback. "" if neither answers.
std::string filesystem_type_of(const std::string& path);

// Throws StoreError naming the path and filesystem when `path` lies on a
// network filesystem.
void require_local_filesystem(const std::string& path);

}  // namespace plumage::store
