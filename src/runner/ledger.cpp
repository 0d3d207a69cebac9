#include "runner/ledger.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/documents_json.h"
#include "core/durable_file.h"
#include "core/gojson.h"

namespace mig::runner {
namespace {

Result<std::optional<std::string>> ReadIfExists(const std::string& path, size_t max_bytes) {
  struct stat st {};
  if (lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return std::optional<std::string>();
    return Status::Error("cannot read " + path + ": " + strerror(errno));
  }
  if (!S_ISREG(st.st_mode)) return Status::Error(path + " is not a regular file");
  if (static_cast<uint64_t>(st.st_size) > max_bytes)
    return Status::Error(path + " is larger than " + std::to_string(max_bytes) + " bytes");
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return std::optional<std::string>(s.str());
}

}  // namespace

std::string LedgerPath(const std::string& job_dir) {
  return job_dir + "/ledger.json";
}

Result<std::optional<JobLedger>> ReadLedger(const std::string& job_dir) {
  const std::string path = LedgerPath(job_dir);
  auto text = ReadIfExists(path, kMaxLedgerBytes);
  if (!text) return text.status();
  if (!*text) return std::optional<JobLedger>();
  auto doc = ParseGoJson(**text, kMaxLedgerBytes);
  auto damaged = [&](const std::string& why) {
    return Status::Error(path + " is damaged (" + why +
                         "); the job stays stopped so that nothing is launched twice: check "
                         "the job's recent actions in the API, then remove the file");
  };
  if (!doc) return damaged(doc.error());
  if (!doc->is_object()) return damaged("not an object");
  JobLedger l;
  const Json& o = *doc;
  if (!o.contains("launched") || !o["launched"].is_number_integer())
    return damaged("no integer 'launched'");
  l.launched_occurrence = o["launched"].get<int64_t>();
  if (o.contains("actionid")) {
    if (!o["actionid"].is_number_integer()) return damaged("'actionid' is not an integer");
    l.launched_action_id = o["actionid"].get<Id>();
  }
  if (o.contains("pending")) {
    if (!o["pending"].is_number_integer() || !o.contains("action") || !o["action"].is_string())
      return damaged("'pending' without its action");
    l.pending_occurrence = o["pending"].get<int64_t>();
    l.pending_action = o["action"].get<std::string>();
  }
  return std::optional<JobLedger>(std::move(l));
}

Status WriteLedger(const std::string& job_dir, const JobLedger& l) {
  std::string out = "{\"launched\":" + std::to_string(l.launched_occurrence) +
                    ",\"actionid\":" + std::to_string(l.launched_action_id);
  if (l.pending_occurrence) {
    out += ",\"pending\":" + std::to_string(*l.pending_occurrence) + ",\"action\":";
    // As a string: the signed bytes come back exactly as they were signed.
    AppendGoString(out, l.pending_action);
  }
  out += "}\n";
  return WriteFileDurably(LedgerPath(job_dir), out);
}

std::string InflightPath(const std::string& job_dir, Id action_id) {
  return job_dir + "/inflight/" + std::to_string(action_id) + ".json";
}

Status WriteInflight(const std::string& job_dir, const InflightAction& f) {
  std::error_code ec;
  std::filesystem::create_directories(job_dir + "/inflight", ec);
  if (ec) return Status::Error("cannot create " + job_dir + "/inflight: " + ec.message());
  std::string out = "{\"action\":" + WriteAction(f.action) + ",\"name\":";
  AppendGoString(out, f.job);
  out += ",\"plugin\":";
  AppendGoString(out, f.plugin);
  out += "}\n";
  return WriteFileDurably(InflightPath(job_dir, f.action.id), out);
}

Result<InflightAction> ReadInflight(const std::string& path) {
  auto text = ReadIfExists(path, kMaxLedgerBytes);
  if (!text) return text.status();
  if (!*text) return Status::Error(path + " is gone");
  auto doc = ParseGoJson(**text, kMaxLedgerBytes);
  if (!doc) return doc.status().Context(path);
  if (!doc->is_object() || !doc->contains("action") || !(*doc)["name"].is_string() ||
      !(*doc)["plugin"].is_string()) {
    return Status::Error(path + ": not an in-flight record (action, name, plugin)");
  }
  auto action = ActionFromJson((*doc)["action"]);
  if (!action) return action.status().Context(path);
  if (action->id <= 0) return Status::Error(path + ": the action has no ID");
  return InflightAction{(*doc)["name"].get<std::string>(), (*doc)["plugin"].get<std::string>(),
                        std::move(*action)};
}

}  // namespace mig::runner
