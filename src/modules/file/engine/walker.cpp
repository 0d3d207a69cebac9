#include "modules/file/engine/walker.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <condition_variable>
#include <cstdlib>
#include <map>
#include <memory>
#include <set>
#include <thread>

#include "modules/file/engine/evaluator.h"
#include "modules/file/engine/filesystem_kind.h"
#include "modules/file/path_util.h"
#include "modules/go_format.h"

namespace mig::modules::file {
namespace {

// The chain of directories above a directory, to refuse a directory that
// is its own ancestor (bind-mount loops).
struct Ancestor {
  dev_t dev;
  ino_t ino;
  std::shared_ptr<const Ancestor> parent;
};

struct DirTask {
  std::string path;
  std::shared_ptr<const Ancestor> ancestors;
};

// Opens a directory without following a final link. Paths longer than the
// kernel accepts are opened one component at a time.
int OpenDirectory(const std::string& path) {
  const int flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK;
  if (path.size() < PATH_MAX - 1) return open(path.c_str(), flags);
  int fd = open(path[0] == '/' ? "/" : ".", flags);
  size_t i = 0;
  while (fd >= 0 && i < path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    if (j > i) {
      const std::string part = path.substr(i, j - i);
      const int next = openat(fd, part.c_str(), flags);
      close(fd);
      fd = next;
    }
    i = j + 1;
  }
  return fd;
}

class Walker {
 public:
  explicit Walker(RunState& state) : state_(state) {
    for (const auto& cs : state_.searches())
      for (const auto& p : cs.search.paths)
        all_paths_.push_back(p);
  }

  void Run(unsigned threads);

 private:
  void WalkRoot(const std::string& root);
  void ProcessDir(const DirTask& task);
  void Push(DirTask task);
  void Worker();

  // Searches whose checks run on files directly in dir.
  std::vector<size_t> ActiveIn(const std::string& dir) const;
  // True when some search is active in dir or has a path below it.
  bool WorthEntering(const std::string& dir) const;
  // HasHonestEntries, asked once per filesystem (device) met on the walk.
  bool HonestEntries(int dirfd, dev_t dev);
  void EvaluateEntry(int dirfd, const char* name, const std::string& path, unsigned char type,
                     bool honest_entries, const std::vector<size_t>& active);

  RunState& state_;
  std::vector<std::string> all_paths_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<DirTask> queue_;  // used as a stack: depth-first keeps it small
  size_t busy_ = 0;
  std::map<dev_t, bool> honest_by_device_;  // guarded by mu_
};

std::vector<size_t> Walker::ActiveIn(const std::string& dir) const {
  std::vector<size_t> active;
  const auto& searches = state_.searches();
  for (size_t s = 0; s < searches.size(); ++s) {
    const CompiledSearch& cs = searches[s];
    if (!state_.BelowLimit(cs.matchlimit)) continue;
    for (const auto& p : cs.search.paths) {
      int levels = 0;
      // The search path itself is depth 1.
      if (IsAncestorOrSelf(p, dir, &levels) && uint64_t(levels) + 1 <= cs.maxdepth) {
        active.push_back(s);
        break;
      }
    }
  }
  return active;
}

bool Walker::WorthEntering(const std::string& dir) const {
  if (!ActiveIn(dir).empty()) return true;
  for (const auto& p : all_paths_) {
    int levels = 0;
    if (IsAncestorOrSelf(dir, p, &levels) && levels > 0) return true;
  }
  return false;
}

bool Walker::HonestEntries(int dirfd, dev_t dev) {
  {
    std::lock_guard lock(mu_);
    auto it = honest_by_device_.find(dev);
    if (it != honest_by_device_.end()) return it->second;
  }
  const bool honest = HasHonestEntries(dirfd);
  std::lock_guard lock(mu_);
  honest_by_device_[dev] = honest;
  return honest;
}

void Walker::Push(DirTask task) {
  {
    std::lock_guard lock(mu_);
    queue_.push_back(std::move(task));
  }
  cv_.notify_one();
}

void Walker::Worker() {
  for (;;) {
    DirTask task;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return !queue_.empty() || busy_ == 0; });
      if (queue_.empty()) return;  // nothing queued and nobody can queue more
      task = std::move(queue_.back());
      queue_.pop_back();
      ++busy_;
    }
    ProcessDir(task);
    {
      std::lock_guard lock(mu_);
      --busy_;
    }
    cv_.notify_all();
  }
}

void Walker::EvaluateEntry(int dirfd, const char* name, const std::string& path, unsigned char type,
                           bool honest_entries, const std::vector<size_t>& active) {
  struct stat st {};
  const struct stat* known = nullptr;
  if (type == DT_LNK || type == DT_UNKNOWN) {
    if (fstatat(dirfd, name, &st, 0) != 0) {
      const int err = errno;
      struct stat lst {};
      // A broken link or a loop: counted as a failed open.
      if (fstatat(dirfd, name, &lst, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(lst.st_mode)) {
        state_.CountOpenFailure();
        state_.AddError("ERROR: followSymLink() -> stat " + JsonSafe(path) + ": " + ErrnoText(err));
      }
      return;
    }
    if (!S_ISREG(st.st_mode)) return;  // links to directories or special files
    known = &st;
  }
  const std::string base(name);
  const FileKind kind =
      type == DT_REG && honest_entries ? FileKind::kRegularOnDisk : FileKind::kUnverified;
  EvaluateFile(state_, active, FileRef{dirfd, name, path, base, known, kind});
}

void Walker::ProcessDir(const DirTask& task) {
  const int fd = OpenDirectory(task.path);
  if (fd < 0) {
    state_.CountOpenFailure();
    state_.AddError("ERROR: open " + JsonSafe(task.path) + ": " + ErrnoText(errno));
    return;
  }
  struct stat dst {};
  const bool stat_ok = fstat(fd, &dst) == 0;
  if (stat_ok) {
    for (const Ancestor* a = task.ancestors.get(); a; a = a->parent.get()) {
      if (a->dev == dst.st_dev && a->ino == dst.st_ino) {
        close(fd);
        state_.AddError("ERROR: " + JsonSafe(task.path) + ": directory loop, not walked again");
        return;
      }
    }
  }
  auto self = std::make_shared<const Ancestor>(Ancestor{dst.st_dev, dst.st_ino, task.ancestors});
  const std::vector<size_t> active = ActiveIn(task.path);
  const bool honest_entries = stat_ok && !active.empty() && HonestEntries(fd, dst.st_dev);
  std::vector<std::string> subdirs;
  // getdents64 directly: fdopendir would add an fstat and two fcntl per
  // directory, as many system calls as the listing itself.
  thread_local std::vector<char> listing(size_t{32} << 10);
  for (;;) {
    const ssize_t got = getdents64(fd, listing.data(), listing.size());
    if (got < 0) {
      state_.CountOpenFailure();
      state_.AddError("ERROR: readdir " + JsonSafe(task.path) + ": " + ErrnoText(errno));
      break;
    }
    if (got == 0) break;
    for (ssize_t at = 0; at < got;) {
      const auto* e = reinterpret_cast<const struct dirent64*>(listing.data() + at);
      at += e->d_reclen;
      const char* name = e->d_name;
      if (name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0))) continue;
      unsigned char type = e->d_type;
      if (type == DT_UNKNOWN) {
        struct stat lst {};
        if (fstatat(fd, name, &lst, AT_SYMLINK_NOFOLLOW) != 0) continue;  // vanished
        if (S_ISDIR(lst.st_mode))
          type = DT_DIR;
        else if (S_ISREG(lst.st_mode))
          type = DT_REG;
        else if (S_ISLNK(lst.st_mode))
          type = DT_LNK;
        else
          continue;  // FIFOs, sockets and devices are never opened
      }
      if (type == DT_DIR) {
        subdirs.push_back(JoinPath(task.path, name));
        continue;
      }
      if (active.empty() || (type != DT_REG && type != DT_LNK)) continue;
      EvaluateEntry(fd, name, JoinPath(task.path, name), type, honest_entries, active);
    }
  }
  close(fd);
  // Pushed in reverse so that the stack pops them in listing order.
  for (auto it = subdirs.rbegin(); it != subdirs.rend(); ++it)
    if (WorthEntering(*it)) Push(DirTask{std::move(*it), self});
}

void Walker::WalkRoot(const std::string& root) {
  struct stat lst {};
  if (lstat(root.c_str(), &lst) != 0) {
    state_.CountOpenFailure();
    state_.AddError("ERROR: open " + JsonSafe(root) + ": " + ErrnoText(errno));
    return;
  }
  // Searches that named this root exactly evaluate it as a file.
  auto exact = [&] {
    std::vector<size_t> out;
    for (size_t s = 0; s < state_.searches().size(); ++s) {
      const auto& paths = state_.searches()[s].search.paths;
      if (std::find(paths.begin(), paths.end(), root) != paths.end()) out.push_back(s);
    }
    return out;
  };
  if (S_ISDIR(lst.st_mode)) {
    Push(DirTask{root, nullptr});
    return;
  }
  if (S_ISLNK(lst.st_mode)) {
    struct stat st {};
    char* resolved = realpath(root.c_str(), nullptr);
    if (!resolved || stat(root.c_str(), &st) != 0) {
      const int err = errno;
      free(resolved);
      state_.CountOpenFailure();
      state_.AddError("ERROR: followSymLink() -> lstat " + JsonSafe(root) + ": " + ErrnoText(err));
      return;
    }
    const std::string target(resolved);
    free(resolved);
    if (S_ISDIR(st.st_mode)) {
      state_.AddError("warning: " + JsonSafe(root) + " is a link to " + JsonSafe(target) +
                      " and was not followed");
      return;
    }
    if (!S_ISREG(st.st_mode)) return;
    // Reported under the resolved target, as MIG does.
    EvaluateFile(state_, exact(), FileRef{AT_FDCWD, target.c_str(), target, BaseName(target), &st});
    return;
  }
  // A regular or special file given as a root: evaluated, never read unless
  // regular (the reader refuses anything else without blocking).
  struct stat st = lst;
  EvaluateFile(state_, exact(), FileRef{AT_FDCWD, root.c_str(), root, BaseName(root), &st});
}

// A root lies on the walk of another root when it is below it and neither
// path goes through a link (the walk does not follow links).
bool IsPhysical(const std::string& path) {
  char* resolved = realpath(path.c_str(), nullptr);
  if (!resolved) return false;
  std::string abs = path;
  if (abs[0] != '/') {
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd)) {
      free(resolved);
      return false;
    }
    abs = CleanPath(std::string(cwd) + "/" + path);
  }
  const bool same = abs == resolved;
  free(resolved);
  return same;
}

void Walker::Run(unsigned threads) {
  std::set<std::string> roots(all_paths_.begin(), all_paths_.end());
  std::vector<std::string> physical_dirs;
  for (const auto& r : roots) {
    struct stat st {};
    if (lstat(r.c_str(), &st) == 0 && S_ISDIR(st.st_mode) && IsPhysical(r))
      physical_dirs.push_back(r);
  }
  for (const auto& r : roots) {
    bool covered = false;
    const bool r_is_dir =
        std::find(physical_dirs.begin(), physical_dirs.end(), r) != physical_dirs.end();
    for (const auto& q : physical_dirs) {
      int levels = 0;
      if (r_is_dir && q != r && IsAncestorOrSelf(q, r, &levels) && levels > 0) {
        covered = true;
        break;
      }
    }
    if (!covered) WalkRoot(r);
  }
  if (threads == 0) threads = std::max(2u, std::thread::hardware_concurrency());
  std::vector<std::thread> pool;
  for (unsigned i = 0; i < threads; ++i)
    pool.emplace_back([this] { Worker(); });
  for (auto& t : pool)
    t.join();
}

}  // namespace

void WalkAll(RunState& state, unsigned threads) {
  Walker(state).Run(threads);
}

}  // namespace mig::modules::file
