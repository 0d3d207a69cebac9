#include "agent/action_ledger.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "core/durable_file.h"
#include "core/sha256.h"
#include "core/signed_string.h"

namespace mig::agent {
namespace fs = std::filesystem;
namespace {

bool IsKey(const std::string& name) {
  if (name.size() != 64) return false;
  for (char c : name) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// The Unix time an entry file holds; nullopt when unreadable.
std::optional<int64_t> ReadKeepUntil(const fs::path& path) {
  std::ifstream f(path);
  std::stringstream s;
  s << f.rdbuf();
  const std::string text = s.str();
  char* end = nullptr;
  const long long v = std::strtoll(text.c_str(), &end, 10);
  if (!f || end == text.c_str() || (*end != '\n' && *end != '\0')) return std::nullopt;
  return v;
}

}  // namespace

std::string ActionLedger::Key(const Action& action) {
  return Sha256Hex(SignedString(action));
}

Result<std::unique_ptr<ActionLedger>> ActionLedger::Open(const std::string& dir, size_t capacity,
                                                         const Time& now) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::Error("cannot create the action ledger " + dir + ": " + ec.message());
  std::unique_ptr<ActionLedger> ledger(new ActionLedger(dir, capacity));
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    std::error_code ignored;
    if (!IsKey(name)) {
      if (e.path().extension() == ".tmp") fs::remove(e.path(), ignored);  // a write cut short
      continue;
    }
    // An entry that cannot be read still counts as run (fail closed); it
    // is kept for a day from its last write.
    auto keep = ReadKeepUntil(e.path());
    if (!keep) {
      auto mtime = fs::last_write_time(e.path(), ignored);
      const auto age = fs::file_time_type::clock::now() - mtime;
      keep = now.Unix() + 86400 - std::chrono::duration_cast<std::chrono::seconds>(age).count();
    }
    ledger->keep_until_[name] = *keep;
  }
  if (ec) return Status::Error("cannot read the action ledger " + dir + ": " + ec.message());
  ledger->PruneLocked(now);
  return Result<std::unique_ptr<ActionLedger>>(std::move(ledger));
}

void ActionLedger::PruneLocked(const Time& now) {
  for (auto it = keep_until_.begin(); it != keep_until_.end();) {
    std::error_code ec;
    const bool expired = it->second < now.Unix();
    if (expired) fs::remove(dir_ + "/" + it->first, ec);
    // One that cannot be removed still counts: forgetting it would let it run again.
    if (!expired || ec) {
      ++it;
      continue;
    }
    it = keep_until_.erase(it);
  }
}

Result<ActionLedger::Verdict> ActionLedger::Record(const Action& action, const Time& now) {
  const std::string key = Key(action);
  std::lock_guard<std::mutex> lock(mu_);
  if (keep_until_.count(key)) return Verdict::kAlreadyRun;
  if (keep_until_.size() >= capacity_) PruneLocked(now);
  if (keep_until_.size() >= capacity_)
    return Status::Error("the action ledger is full (" + std::to_string(capacity_) +
                         " signed actions run here have not expired yet); refusing to run new "
                         "actions until some expire");
  const int64_t keep = action.expire_after.Unix() + kRetentionSlackSeconds;
  Status s = WriteFileDurably(dir_ + "/" + key, std::to_string(keep) + "\n");
  if (!s.ok())
    return s.Context("cannot record the action in the action ledger, so it does not run");
  keep_until_[key] = keep;
  return Verdict::kFirstRun;
}

size_t ActionLedger::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return keep_until_.size();
}

}  // namespace mig::agent
