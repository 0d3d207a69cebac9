#include "agent/agent_id.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include <openssl/rand.h>

#include "core/agent_credential.h"

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

namespace {

// The first line of a file; nullopt when it cannot be read.
std::optional<std::string> ReadFirstLine(const std::string& path) {
  std::ifstream f(path);
  if (!f) return std::nullopt;
  std::stringstream s;
  s << f.rdbuf();
  std::string text = s.str();
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
    text.pop_back();
  return text;
}

Status EnsureRunDir(const std::string& run_dir) {
  std::error_code ec;
  std::filesystem::create_directories(run_dir, ec);
  if (ec) return Status::Error("cannot create run directory " + run_dir + ": " + ec.message());
  chmod(run_dir.c_str(), 0755);
  return Status::Ok();
}

// Replaces path with content, mode 0400, durably (write, fsync, rename).
Status WriteReadOnlyFile(const std::string& path, const std::string& content) {
  const std::string tmp = path + ".tmp";
  unlink(tmp.c_str());
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0400);
  if (fd < 0) return Status::Error("cannot write " + tmp + ": " + strerror(errno));
  bool ok = write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()) &&
            fsync(fd) == 0;
  close(fd);
  if (!ok || rename(tmp.c_str(), path.c_str()) != 0) {
    return Status::Error("cannot store " + path + ": " + strerror(errno));
  }
  return Status::Ok();
}

std::string IdPath(const std::string& run_dir) {
  return run_dir + "/.migagtid";
}

}  // namespace

Result<std::string> LoadOrCreateAgentId(const std::string& run_dir) {
  if (auto id = ReadFirstLine(IdPath(run_dir)); id && IsValidAgentId(*id)) return *id;
  if (Status s = EnsureRunDir(run_dir); !s.ok()) return s;
  std::string id = NewAgentId();
  if (Status s = WriteReadOnlyFile(IdPath(run_dir), id); !s.ok()) return s;
  return id;
}

Result<AgentIdentity> LoadOrCreateAgentIdentity(const std::string& run_dir) {
  const std::string secret_path = run_dir + "/.migagtsecret";
  auto id = ReadFirstLine(IdPath(run_dir));
  auto secret = ReadFirstLine(secret_path);
  if (id && IsValidAgentId(*id) && secret && IsValidAgentSecret(*secret)) {
    return AgentIdentity{*id, *secret};
  }
  if (Status s = EnsureRunDir(run_dir); !s.ok()) return s;
  AgentIdentity fresh{NewAgentId(), ""};
  auto new_secret = NewAgentSecret();
  if (!new_secret.ok()) return new_secret.status();
  fresh.secret = *new_secret;
  unlink(secret_path.c_str());  // a stale secret must not pair with the new id
  if (Status s = WriteReadOnlyFile(IdPath(run_dir), fresh.id); !s.ok()) return s;
  if (Status s = WriteReadOnlyFile(secret_path, fresh.secret); !s.ok()) return s;
  return fresh;
}

}  // namespace mig::agent
