#include "agent/journal.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/durable_file.h"

namespace mig::agent {
namespace fs = std::filesystem;

Result<Journal> Journal::Open(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir + "/inflight", ec);
  if (!ec) fs::create_directories(dir + "/done", ec);
  if (ec) return Result<Journal>::Error("cannot create journal in " + dir + ": " + ec.message());
  return Journal(dir);
}

Status Journal::Begin(int64_t id, const std::string& body) {
  return WriteFileDurably(dir_ + "/inflight/" + std::to_string(id) + ".json", body);
}

Status Journal::Finish(int64_t id) {
  Status s = WriteFileDurably(dir_ + "/done/" + std::to_string(id), "");
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
