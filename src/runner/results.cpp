#include "runner/results.h"

#include <time.h>

#include <filesystem>

#include "core/child_process.h"
#include "core/documents_json.h"
#include "core/durable_file.h"
#include "core/gojson.h"

namespace mig::runner {

std::string RunnerResultJson(const InflightAction& f, const std::vector<Json>& commands) {
  std::string out = "{\"action\":" + WriteAction(f.action) + ",\"commands\":[";
  for (size_t i = 0; i < commands.size(); ++i) {
    if (i > 0) out += ',';
    AppendGoJson(out, commands[i]);
  }
  out += "],\"name\":";
  AppendGoString(out, f.job);
  out += ",\"plugin\":";
  AppendGoString(out, f.plugin);
  out += "}";
  return out;
}

Result<std::string> WriteResultFile(const std::string& job_dir, Id action_id,
                                    const std::string& result_json, int64_t now_unix) {
  struct tm t = {};
  const time_t tt = static_cast<time_t>(now_unix);
  gmtime_r(&tt, &t);
  char day[16];
  strftime(day, sizeof(day), "%Y%m%d", &t);
  const std::string dir = job_dir + "/results/" + day;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::Error("cannot create " + dir + ": " + ec.message());
  const std::string path = dir + "/" + std::to_string(action_id) + ".json";
  if (auto ok = WriteFileDurably(path, result_json + "\n"); !ok) return ok;
  return path;
}

Status RunPlugin(const std::string& runner_dir, const std::string& plugin,
                 const std::string& result_json, std::chrono::seconds timeout) {
  const std::string path = runner_dir + "/plugins/" + plugin;
  ChildLimits limits;
  limits.timeout = timeout;
  limits.max_output_bytes = 1 << 20;  // what it prints is not used
  ChildRun run = RunChild({path}, result_json, limits);
  switch (run.outcome) {
    case ChildRun::Outcome::kExited:
      if (run.exit_code == 0) return Status::Ok();
      return Status::Error("plugin " + path + " exited with status " +
                           std::to_string(run.exit_code));
    case ChildRun::Outcome::kSignaled:
      return Status::Error("plugin " + path + " was killed by signal " +
                           std::to_string(run.signal));
    case ChildRun::Outcome::kTimedOut:
      return Status::Error("plugin " + path + " ran longer than " +
                           std::to_string(timeout.count()) + "s and was killed");
    case ChildRun::Outcome::kOutputTooLarge:
      return Status::Error("plugin " + path + " printed more than 1 MiB and was killed");
    case ChildRun::Outcome::kSpawnFailed:
      break;
  }
  return Status::Error("plugin " + path + " could not be started: " + run.error);
}

}  // namespace mig::runner
