#include "runner/runner.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <limits>
#include <thread>

#include <spdlog/spdlog.h>

#include "client/action_prepare.h"
#include "core/documents_json.h"
#include "core/log_escape.h"
#include "core/time.h"
#include "runner/results.h"

namespace mig::runner {
namespace {

namespace fs = std::filesystem;

// An occurrence launched this much after its time is logged as late.
constexpr int64_t kLateSeconds = 5;

std::string Esc(const std::string& s) {
  return EscapeLogValue(s);
}

std::string At(int64_t unix_seconds) {
  return FormatTime(Time::FromUnix(unix_seconds));
}

}  // namespace

Runner::Runner(RunnerConfig config, ActionGateway& gateway, ActionSigner sign)
    : config_(std::move(config)), gateway_(gateway), sign_(std::move(sign)) {}

std::vector<std::string> Runner::RunningJobs() const {
  std::vector<std::string> names;
  for (const auto& [name, job] : jobs_)
    names.push_back(name);
  return names;
}

int64_t Runner::Backoff(int& failures, int64_t now) const {
  ++failures;
  const int64_t delay =
      std::min<int64_t>(int64_t{1} << std::min(failures - 1, 20), max_retry_delay_);
  return now + delay;
}

Runner::BrokenStamp Runner::StampBroken(const std::string& job_dir) {
  BrokenStamp b{StampJobFiles(job_dir)};
  struct stat st {};
  if (lstat(LedgerPath(job_dir).c_str(), &st) == 0) {
    b.ledger_mtime_ns =
        static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
    b.ledger_size = st.st_size;
  }
  return b;
}

void Runner::Rescan(int64_t now) {
  const std::string runners = config_.directory + "/runners";
  std::set<std::string> seen;
  std::error_code ec;
  fs::directory_iterator it(runners, ec);
  if (ec) {
    spdlog::error("cannot read {}: {}; no job runs until it can be read", Esc(runners),
                  ec.message());
    return;  // keep what runs: a passing error must not stop every job
  }
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) break;
    const std::string name = it->path().filename().string();
    if (name.empty() || name[0] == '.') continue;  // editors' and our own temporaries
    seen.insert(name);
    const std::string dir = runners + "/" + name;
    const JobFilesStamp stamp = StampJobFiles(dir);
    if (auto j = jobs_.find(name); j != jobs_.end() && j->second.spec.stamp == stamp) continue;
    if (auto b = broken_.find(name); b != broken_.end() && b->second == StampBroken(dir)) continue;
    auto spec = LoadJob(config_.directory, name);
    if (!spec) {
      spdlog::error("job {}: skipped: {}", Esc(name), Esc(spec.error()));
      if (jobs_.erase(name) > 0)
        spdlog::warn("job {}: stopped until its files are fixed", Esc(name));
      broken_[name] = StampBroken(dir);
      continue;
    }
    broken_.erase(name);
    if (jobs_.count(name) > 0) spdlog::info("job {}: files changed, restarting it", Esc(name));
    StartJob(std::move(*spec), now);
  }
  for (auto j = jobs_.begin(); j != jobs_.end();) {
    if (seen.count(j->first) == 0) {
      spdlog::info("job {}: directory removed, job stopped", Esc(j->first));
      j = jobs_.erase(j);
    } else {
      ++j;
    }
  }
  std::erase_if(broken_, [&](const auto& b) { return seen.count(b.first) == 0; });
  std::erase_if(inflight_, [&](const auto& p) {
    return seen.count(fs::path(p.second.job_dir).filename().string()) == 0;
  });
  for (const auto& name : seen) {
    if (CheckJobName(name).ok()) ScanInflight(runners + "/" + name);
  }
}

void Runner::StartJob(JobSpec spec, int64_t now) {
  const std::string name = spec.name;
  jobs_.erase(name);
  auto ledger = ReadLedger(spec.dir);
  if (!ledger) {
    spdlog::error("job {}: skipped: {}", Esc(name), Esc(ledger.error()));
    broken_[name] = StampBroken(spec.dir);
    return;
  }
  Job job{std::move(spec), {}, 0, 0, std::nullopt};
  if (*ledger) {
    job.ledger = std::move(**ledger);
  } else {
    // A new job starts at its next occurrence, not with one from the past.
    job.ledger.launched_occurrence = now;
    if (auto ok = WriteLedger(job.spec.dir, job.ledger); !ok) {
      spdlog::error("job {}: not started: {}", Esc(name), Esc(ok.message()));
      return;  // retried at the next rescan
    }
  }
  job.next_due = job.spec.schedule.Next(job.ledger.launched_occurrence);
  auto next = job.spec.schedule.Next(std::max(now, job.ledger.launched_occurrence));
  spdlog::info("job {}: running, schedule \"{}\", next launch {}", Esc(name),
               Esc(job.spec.schedule.text()), next ? At(*next) : std::string("never"));
  jobs_.emplace(name, std::move(job));
}

void Runner::ScanInflight(const std::string& job_dir) {
  std::error_code ec;
  fs::directory_iterator it(job_dir + "/inflight", ec);
  if (ec) return;  // none yet
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) break;
    const std::string path = it->path().string();
    if (it->path().extension() != ".json" || inflight_.count(path) > 0) continue;
    Pending p{job_dir, path, 0, 0, 0};
    auto f = ReadInflight(path);
    if (!f) {
      spdlog::error("{}: ignored: {}", Esc(path), Esc(f.error()));
      p.ripe_at = std::numeric_limits<int64_t>::max();
    } else {
      p.ripe_at = f->action.expire_after.Unix() + config_.delay_results.count();
    }
    inflight_.emplace(path, std::move(p));
  }
}

void Runner::LaunchIfDue(Job& job, int64_t now) {
  if (now < job.retry_at) return;
  const std::string& name = job.spec.name;
  if (job.ledger.pending_occurrence) {
    // A claim from before an unanswered POST or a crash: it may have reached
    // the API. Only when the API says it did not is anything posted again.
    auto action = ParseAction(job.ledger.pending_action, kMaxLedgerBytes);
    if (!action) {
      spdlog::error(
          "job {}: the pending launch in its ledger cannot be read ({}); counted as "
          "launched so that it is never launched twice",
          Esc(name), Esc(action.error()));
      job.ledger.launched_occurrence = *job.ledger.pending_occurrence;
      job.ledger.pending_occurrence.reset();
      job.ledger.pending_action.clear();
      job.next_due = job.spec.schedule.Next(job.ledger.launched_occurrence);
      if (auto ok = WriteLedger(job.spec.dir, job.ledger); !ok)
        spdlog::error("job {}: {}", Esc(name), Esc(ok.message()));
      return;
    }
    auto found = gateway_.FindLaunched(*action);
    if (!found) {
      job.retry_at = Backoff(job.failures, now);
      spdlog::warn(
          "job {}: cannot check whether its last launch reached the API, retrying at "
          "{}: {}",
          Esc(name), At(job.retry_at), Esc(found.error()));
      return;
    }
    if (*found > 0) {
      action->id = *found;
      spdlog::info("job {}: the launch for {} had reached the API as action {}", Esc(name),
                   At(*job.ledger.pending_occurrence), *found);
      if (auto ok = Recorded(job, std::move(*action), *job.ledger.pending_occurrence); !ok)
        spdlog::error("job {}: {}", Esc(name), Esc(ok.message()));
      job.failures = 0;
      return;
    }
    // Not there: the claim is replaced by a launch for the latest due
    // occurrence, with fresh times.
  }
  if (!job.ledger.pending_occurrence && (!job.next_due || now < *job.next_due)) return;
  auto due = job.spec.schedule.LatestDue(job.ledger.launched_occurrence, now);
  if (!due) return;
  if (job.ledger.pending_occurrence && *job.ledger.pending_occurrence != *due) {
    spdlog::warn(
        "job {}: the launch for {} never reached the API; it is replaced by the launch "
        "for {}",
        Esc(name), At(*job.ledger.pending_occurrence), At(*due));
  }
  if (auto ok = Launch(job, *due, now); !ok) {
    job.retry_at = Backoff(job.failures, now);
    spdlog::warn("job {}: launch for {} failed, retrying at {}: {}", Esc(name), At(*due),
                 At(job.retry_at), Esc(ok.message()));
    return;
  }
  job.failures = 0;
  job.retry_at = 0;
}

Status Runner::Launch(Job& job, int64_t occurrence, int64_t now) {
  Action a = job.spec.action;
  a.id = 0;
  a.name = "mig-runner: " + job.spec.name;
  // Whole seconds: the store may round fractions, and a lost launch is found
  // again by its times.
  a.valid_from = Time::FromUnix(now - client::kValidFromSkewSeconds);
  a.expire_after = Time::FromUnix(now + job.spec.expiry_seconds);
  a.pgp_signatures.clear();
  client::CompressWantedOperations(a);
  if (auto ok = client::CheckSignable(a, Time::FromUnix(now)); !ok)
    return ok.Context("invalid action");
  if (auto ok = sign_(a); !ok) return ok;
  // Claimed on disk before it is posted: whatever happens next, this
  // occurrence is never posted blindly again.
  const JobLedger before = job.ledger;
  job.ledger.pending_occurrence = occurrence;
  job.ledger.pending_action = WriteAction(a);
  if (auto ok = WriteLedger(job.spec.dir, job.ledger); !ok) {
    job.ledger = before;
    return ok.Context("not launched");
  }
  auto id = gateway_.Launch(a);
  if (!id) return id.status();
  a.id = *id;
  if (now - occurrence > kLateSeconds) {
    spdlog::warn("job {}: occurrence {} launched late, at {}", Esc(job.spec.name), At(occurrence),
                 At(now));
  }
  return Recorded(job, std::move(a), occurrence);
}

Status Runner::Recorded(Job& job, Action action, int64_t occurrence) {
  const Id id = action.id;
  const int64_t expires = action.expire_after.Unix();
  Status marker = Status::Ok();
  if (!job.spec.send_only) {
    InflightAction f{job.spec.name, job.spec.plugin, std::move(action)};
    marker = WriteInflight(job.spec.dir, f);
    if (marker.ok()) {
      const std::string path = InflightPath(job.spec.dir, id);
      inflight_[path] = Pending{job.spec.dir, path, expires + config_.delay_results.count(), 0, 0};
    }
  }
  job.ledger.launched_occurrence = occurrence;
  job.ledger.launched_action_id = id;
  job.ledger.pending_occurrence.reset();
  job.ledger.pending_action.clear();
  job.next_due = job.spec.schedule.Next(occurrence);
  spdlog::info("job {}: launched action {} for {}, expires {}{}", Esc(job.spec.name), id,
               At(occurrence), At(expires), job.spec.send_only ? " (send only)" : "");
  Status ledger = WriteLedger(job.spec.dir, job.ledger);
  if (!marker.ok()) return marker.Context("results of action " + std::to_string(id) + " lost");
  return ledger;
}

void Runner::Collect(Pending& p, int64_t now) {
  auto f = ReadInflight(p.path);
  if (!f) {
    spdlog::error("{}: ignored: {}", Esc(p.path), Esc(f.error()));
    p.ripe_at = std::numeric_limits<int64_t>::max();
    return;
  }
  const std::string& job = f->job;
  auto commands = gateway_.Commands(f->action.id);
  if (!commands) {
    p.retry_at = Backoff(p.failures, now);
    spdlog::warn("job {}: cannot fetch the results of action {}, retrying at {}: {}", Esc(job),
                 f->action.id, At(p.retry_at), Esc(commands.error()));
    return;
  }
  const std::string result = RunnerResultJson(*f, *commands);
  auto written = WriteResultFile(p.job_dir, f->action.id, result, now);
  if (!written) {
    p.retry_at = Backoff(p.failures, now);
    spdlog::error("job {}: action {}: {}", Esc(job), f->action.id, Esc(written.error()));
    return;
  }
  // Results are safe on disk: the marker goes, so a restart does not fetch
  // them (or run the plugin) again.
  if (unlink(p.path.c_str()) != 0)
    spdlog::error("cannot remove {}: {}", Esc(p.path), strerror(errno));
  p.ripe_at = std::numeric_limits<int64_t>::min();  // done
  spdlog::info("job {}: action {}: {} command(s), results in {}", Esc(job), f->action.id,
               commands->size(), Esc(*written));
  if (!f->plugin.empty()) {
    if (auto ok = RunPlugin(config_.directory, f->plugin, result, config_.plugin_timeout); !ok) {
      spdlog::error("job {}: action {}: {}", Esc(job), f->action.id, Esc(ok.message()));
    } else {
      spdlog::info("job {}: action {}: plugin {} done", Esc(job), f->action.id, Esc(f->plugin));
    }
  }
  // The job's built-in output, as its entity.cfg says now.
  if (auto j = jobs_.find(job); j != jobs_.end() && j->second.spec.output) {
    if (auto ok = WriteJobFindings(*j->second.spec.output, f->action, *commands); !ok) {
      spdlog::error("job {}: action {}: output: {}", Esc(job), f->action.id, Esc(ok.message()));
    }
  }
}

void Runner::Tick(int64_t now) {
  if (now >= next_scan_) {
    Rescan(now);
    next_scan_ = now + config_.check_directory.count();
  }
  for (auto& [name, job] : jobs_)
    LaunchIfDue(job, now);
  for (auto it = inflight_.begin(); it != inflight_.end();) {
    Pending& p = it->second;
    if (now >= p.ripe_at && now >= p.retry_at) Collect(p, now);
    if (p.ripe_at == std::numeric_limits<int64_t>::min()) {
      it = inflight_.erase(it);
    } else {
      ++it;
    }
  }
}

void Runner::Run(const std::atomic<bool>& stop) {
  spdlog::info("mig-runner: jobs in {}/runners, rescanned every {}s", Esc(config_.directory),
               config_.check_directory.count());
  while (!stop) {
    Tick(Time::Now().Unix());
    // Wake just after the next whole second: occurrences fall on whole seconds.
    using namespace std::chrono;
    const auto wake = time_point_cast<seconds>(system_clock::now()) + milliseconds(1020);
    while (!stop && system_clock::now() < wake)
      std::this_thread::sleep_for(
          std::min<system_clock::duration>(milliseconds(100), wake - system_clock::now()));
  }
  spdlog::info("mig-runner: stopped");
}

}  // namespace mig::runner
