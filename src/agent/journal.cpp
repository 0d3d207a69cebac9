#include "agent/journal.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace mig::agent {
namespace fs = std::filesystem;
namespace {

Status WriteDurably(const std::string& path, const std::string& data) {
  const std::string tmp = path + ".tmp";
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Status::Error("cannot write " + tmp + ": " + strerror(errno));
  size_t off = 0;
  while (off < data.size()) {
    ssize_t w = write(fd, data.data() + off, data.size() - off);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      close(fd);
      return Status::Error("cannot write " + tmp + ": " + strerror(errno));
    }
    off += static_cast<size_t>(w);
  }
  bool synced = fsync(fd) == 0;
  close(fd);
  if (!synced || rename(tmp.c_str(), path.c_str()) != 0) {
    return Status::Error("cannot store " + path + ": " + strerror(errno));
  }
  // The rename itself must survive a power cut: sync the directory too.
  int dfd = open(fs::path(path).parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    fsync(dfd);
    close(dfd);
  }
  return Status::Ok();
}

}  // namespace

Result<Journal> Journal::Open(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir + "/inflight", ec);
  if (!ec) fs::create_directories(dir + "/done", ec);
  if (ec) return Result<Journal>::Error("cannot create journal in " + dir + ": " + ec.message());
  return Journal(dir);
}

Status Journal::Begin(int64_t id, const std::string& body) {
  return WriteDurably(dir_ + "/inflight/" + std::to_string(id) + ".json", body);
}

Status Journal::Finish(int64_t id) {
  Status s = WriteDurably(dir_ + "/done/" + std::to_string(id), "");
  if (!s.ok()) return s;
  std::error_code ec;
  fs::remove(dir_ + "/inflight/" + std::to_string(id) + ".json", ec);
  return Status::Ok();
}

bool Journal::Seen(int64_t id) const {
  std::error_code ec;
  return fs::exists(dir_ + "/done/" + std::to_string(id), ec) ||
         fs::exists(dir_ + "/inflight/" + std::to_string(id) + ".json", ec);
}

std::vector<Journal::Entry> Journal::Unfinished() const {
  std::vector<Entry> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir_ + "/inflight", ec)) {
    const std::string name = e.path().filename().string();
    if (e.path().extension() != ".json") continue;  // skips half-written .tmp files
    char* end = nullptr;
    long long id = std::strtoll(name.c_str(), &end, 10);
    if (end == name.c_str() || std::string(end) != ".json") continue;
    std::ifstream f(e.path(), std::ios::binary);
    std::stringstream s;
    s << f.rdbuf();
    out.push_back({id, s.str()});
  }
  return out;
}

void Journal::Prune(std::chrono::seconds max_age) {
  std::error_code ec;
  const auto cutoff = fs::file_time_type::clock::now() - max_age;
  for (const auto& e : fs::directory_iterator(dir_ + "/done", ec)) {
    std::error_code ec2;
    if (fs::last_write_time(e.path(), ec2) < cutoff) fs::remove(e.path(), ec2);
  }
}

}  // namespace mig::agent
