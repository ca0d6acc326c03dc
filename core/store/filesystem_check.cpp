#include "core/store/filesystem_check.h"

#include "core/store/store_error.h"

#include <sys/vfs.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <vector>

namespace plumage::store {
namespace fs = std::filesystem;
namespace {

// Absolute, normalized path of `path` or of its nearest existing parent.
std::string existing_anchor(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::absolute(path, ec);
  if (ec) p = path;
  p = p.lexically_normal();
  while (!p.empty() && !fs::exists(p, ec)) {
    if (p == p.parent_path()) break;
    p = p.parent_path();
  }
  fs::path canon = fs::weakly_canonical(p, ec);
  return (ec ? p : canon).string();
}

// mountinfo escapes spaces etc. as \040-style octal.
std::string unescape_octal(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 3 < s.size()) {
      const std::string oct = s.substr(i + 1, 3);
      if (oct.size() == 3 && oct.find_first_not_of("01234567") == std::string::npos) {
        out.push_back(static_cast<char>(std::stoi(oct, nullptr, 8)));
        i += 3;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

bool is_under(const std::string& path, const std::string& mount_point) {
  if (mount_point == "/") return true;
  if (path.compare(0, mount_point.size(), mount_point) != 0) return false;
  return path.size() == mount_point.size() || path[mount_point.size()] == '/';
}

std::string type_from_statfs(const std::string& path) {
  struct statfs st {};
  if (statfs(path.c_str(), &st) != 0) return "";
  switch (static_cast<unsigned long>(st.f_type)) {
    case 0x6969UL: return "nfs";
    case 0x517BUL: return "smbfs";
    case 0xFF534D42UL: return "cifs";
    case 0xFE534D42UL: return "smb2";
    case 0x01021997UL: return "9p";
    case 0x65735546UL: return "fuse";
    case 0x5346414FUL: return "afs";
    case 0x00C36400UL: return "ceph";
    case 0x0BD00BD0UL: return "lustre";
    case 0x73757245UL: return "coda";
    case 0x564CUL: return "ncpfs";
    default: return "local";
  }
}

}  // namespace

std::string filesystem_type_from_mountinfo(const std::string& mountinfo_text, const std::string& path) {
  // Line: id parent major:minor root mount_point options [optional...] - fstype source super_options
  std::istringstream lines(mountinfo_text);
  std::string line, best_mount, best_type;
  while (std::getline(lines, line)) {
    std::istringstream f(line);
    std::vector<std::string> fields;
    for (std::string w; f >> w;) fields.push_back(w);
    if (fields.size() < 7) continue;
    size_t dash = 0;
    for (size_t i = 6; i < fields.size(); ++i) {
      if (fields[i] == "-") {
        dash = i;
        break;
      }
    }
    if (dash == 0 || dash + 1 >= fields.size()) continue;
    const std::string mount_point = unescape_octal(fields[4]);
    // Later lines win on equal length: they are mounts stacked on top.
    if (is_under(path, mount_point) && mount_point.size() >= best_mount.size()) {
      best_mount = mount_point;
      best_type = fields[dash + 1];
    }
  }
  return best_type;
}

bool is_network_filesystem_type(const std::string& fstype) {
  static const std::set<std::string> network = {
      "nfs", "nfs4", "smbfs", "smb", "smb2", "smb3", "cifs", "9p", "v9fs", "afs", "ceph",
      "glusterfs", "lustre", "coda", "ncpfs", "ncp", "davfs", "fuse", "fuse.sshfs", "sshfs",
      "fuse.glusterfs", "fuse.rclone", "fuse.s3fs", "fuse.gcsfuse", "fuse.cephfs", "beegfs",
      "gpfs", "ocfs2", "gfs2", "fuse.juicefs", "fuse.davfs2"};
  return network.count(fstype) > 0;
}

std::string filesystem_type_of(const std::string& path) {
  const std::string anchor = existing_anchor(path);
  std::ifstream in("/proc/self/mountinfo");
  if (in) {
    std::stringstream buf;
    buf << in.rdbuf();
    std::string t = filesystem_type_from_mountinfo(buf.str(), anchor);
    if (!t.empty()) return t;
  }
  return type_from_statfs(anchor);
}

void require_local_filesystem(const std::string& path) {
  const std::string type = filesystem_type_of(path);
  if (is_network_filesystem_type(type)) {
    throw StoreError(path + ": the store is on a network filesystem (" + type +
                     "); SQLite cannot lock it safely there. Put the store on a local disk "
                     "(e.g. $TMPDIR or /scratch) and copy it back when the job ends, or merge "
                     "per-task stores with `plumage-cli runs merge`.");
  }
}

}  // namespace plumage::store
