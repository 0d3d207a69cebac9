#include "agent/agent_id.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <openssl/rand.h>

namespace mig::agent {
namespace {

constexpr char kAlphabet[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
constexpr size_t kAlphabetSize = sizeof kAlphabet - 1;  // 62

}  // namespace

std::string NewAgentId(size_t length) {
  std::string id;
  id.reserve(length);
  unsigned char buf[256];
  while (id.size() < length) {
    if (RAND_bytes(buf, sizeof buf) != 1) continue;
    for (unsigned char b : buf) {
      // Rejection sampling keeps every character equally likely.
      if (b >= 248 || id.size() >= length) continue;
      id += kAlphabet[b % kAlphabetSize];
    }
  }
  return id;
}

bool IsValidAgentId(const std::string& id) {
  if (id.size() < 80) return false;
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

Result<std::string> LoadOrCreateAgentId(const std::string& run_dir) {
  const std::string path = run_dir + "/.migagtid";
  {
    std::ifstream f(path);
    if (f) {
      std::stringstream s;
      s << f.rdbuf();
      std::string id = s.str();
      while (!id.empty() && (id.back() == '\n' || id.back() == '\r'))
        id.pop_back();
      if (IsValidAgentId(id)) return id;
    }
  }
  std::error_code ec;
  std::filesystem::create_directories(run_dir, ec);
  if (ec)
    return Result<std::string>::Error("cannot create run directory " + run_dir + ": " +
                                      ec.message());
  chmod(run_dir.c_str(), 0755);
  std::string id = NewAgentId();
  const std::string tmp = path + ".tmp";
  unlink(tmp.c_str());
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0400);
  if (fd < 0) return Result<std::string>::Error("cannot write " + tmp + ": " + strerror(errno));
  bool ok = write(fd, id.data(), id.size()) == static_cast<ssize_t>(id.size()) && fsync(fd) == 0;
  close(fd);
  if (!ok || rename(tmp.c_str(), path.c_str()) != 0) {
    return Result<std::string>::Error("cannot store the agent id in " + path + ": " +
                                      strerror(errno));
  }
  return id;
}

}  // namespace mig::agent
