#include "runner/job_spec.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "client/action_prepare.h"
#include "core/gcfg.h"

namespace mig::runner {
namespace {

const std::vector<std::string> kEntityKeys = {"configuration.schedule", "configuration.plugin",
                                              "configuration.expiry",   "configuration.sendonly",
                                              "output.format",          "output.file",
                                              "output.syslog",          "output.show"};

int64_t MtimeNs(const struct stat& st) {
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
}

// A regular file, not through a symbolic link, at most max_bytes.
Result<std::string> ReadJobFile(const std::string& path, size_t max_bytes) {
  int fd = open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    if (errno == ELOOP) return Status::Error(path + " is a symbolic link; refused");
    return Status::Error("cannot open " + path + ": " + strerror(errno));
  }
  struct stat st {};
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return Status::Error(path + " is not a regular file");
  }
  if (static_cast<uint64_t>(st.st_size) > max_bytes) {
    close(fd);
    return Status::Error(path + " is " + std::to_string(st.st_size) + " bytes, more than the " +
                         std::to_string(max_bytes) + " allowed");
  }
  std::string data;
  char buf[65536];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      close(fd);
      return Status::Error("cannot read " + path + ": " + strerror(errno));
    }
    if (n == 0) break;
    data.append(buf, static_cast<size_t>(n));
    if (data.size() > max_bytes) {  // grew while we read
      close(fd);
      return Status::Error(path + " is more than the " + std::to_string(max_bytes) +
                           " bytes allowed");
    }
  }
  close(fd);
  return data;
}

Status ReadEntity(const std::string& path, JobSpec& job) {
  auto text = ReadJobFile(path, kMaxEntityBytes);
  if (!text) return text.status();
  auto cfg = ConfigFile::Parse(*text, path);
  if (!cfg) return cfg.status();
  if (auto unknown = cfg->UnknownKeys(kEntityKeys); !unknown.empty())
    return Status::Error(path + ": unknown key " + unknown.front());
  const std::string schedule = cfg->Get("configuration", "schedule");
  if (schedule.empty()) return Status::Error(path + ": [configuration] schedule is missing");
  auto cron = CronExpression::Parse(schedule);
  if (!cron) return cron.status().Context(path + ": schedule");
  job.schedule = std::move(*cron);
  job.plugin = cfg->Get("configuration", "plugin");
  if (!job.plugin.empty()) {
    if (auto ok = CheckJobName(job.plugin); !ok)
      return Status::Error(path + ": plugin '" + job.plugin + "': " + ok.message());
  }
  if (const std::string expiry = cfg->Get("configuration", "expiry"); !expiry.empty()) {
    auto ns = ParseGoDuration(expiry);
    if (!ns) return ns.status().Context(path + ": expiry");
    // An action needs time to reach agents; a week is longer than any sweep.
    if (*ns < 1'000'000'000 || *ns > int64_t{7 * 86400} * 1'000'000'000)
      return Status::Error(path + ": expiry " + expiry + " is outside 1s to 168h");
    job.expiry_seconds = *ns / 1'000'000'000;
  }
  auto send_only = cfg->GetBool("configuration", "sendonly", false);
  if (!send_only) return send_only.status().Context(path + ": sendonly");
  job.send_only = *send_only;
  auto output = ReadJobOutput(*cfg);
  if (!output) return output.status().Context(path);
  job.output = std::move(*output);
  return Status::Ok();
}

Status ReadActionTemplate(const std::string& path, JobSpec& job) {
  auto text = ReadJobFile(path, kMaxActionBytes);
  if (!text) return text.status();
  const Time now = Time::Now();
  auto action = client::ReadActionForSigning(*text, now);
  if (!action) return action.status().Context(path);
  // The runner sets what a launch changes; check the rest now, with the
  // times it will have.
  action->name = "mig-runner: " + job.name;
  action->valid_from = now.AddSeconds(-client::kValidFromSkewSeconds);
  action->expire_after = now.AddSeconds(job.expiry_seconds);
  action->pgp_signatures.clear();
  action->id = 0;
  if (auto ok = client::CheckSignable(*action, now); !ok) return ok.Context(path);
  job.action = std::move(*action);
  return Status::Ok();
}

Status CheckPlugin(const std::string& runner_dir, const std::string& plugin) {
  const std::string path = runner_dir + "/plugins/" + plugin;
  struct stat st {};
  if (lstat(path.c_str(), &st) != 0)
    return Status::Error("plugin " + path + ": " + strerror(errno));
  if (S_ISLNK(st.st_mode)) return Status::Error("plugin " + path + " is a symbolic link; refused");
  if (!S_ISREG(st.st_mode) || (st.st_mode & 0111) == 0)
    return Status::Error("plugin " + path + " is not an executable file");
  return Status::Ok();
}

}  // namespace

Status CheckJobName(const std::string& name) {
  if (name.empty() || name.size() > 64) return Status::Error("name must have 1 to 64 characters");
  if (name[0] == '.') return Status::Error("name must not start with '.'");
  for (unsigned char c : name) {
    if (!std::isalnum(c) && c != '.' && c != '_' && c != '-')
      return Status::Error("name may only hold letters, digits, '.', '_' and '-'");
  }
  return Status::Ok();
}

JobFilesStamp StampJobFiles(const std::string& job_dir) {
  JobFilesStamp s;
  struct stat st {};
  if (lstat((job_dir + "/entity.cfg").c_str(), &st) == 0) {
    s.entity_mtime_ns = MtimeNs(st);
    s.entity_size = st.st_size;
    s.entity_inode = static_cast<int64_t>(st.st_ino);
  }
  if (lstat((job_dir + "/action.json").c_str(), &st) == 0) {
    s.action_mtime_ns = MtimeNs(st);
    s.action_size = st.st_size;
    s.action_inode = static_cast<int64_t>(st.st_ino);
  }
  return s;
}

Result<JobSpec> LoadJob(const std::string& runner_dir, const std::string& name) {
  if (auto ok = CheckJobName(name); !ok) return ok.Context("job '" + name + "'");
  JobSpec job;
  job.name = name;
  job.dir = runner_dir + "/runners/" + name;
  struct stat st {};
  if (lstat(job.dir.c_str(), &st) != 0) return Status::Error(job.dir + ": " + strerror(errno));
  // A link could point the runner's signed launches and results anywhere.
  if (S_ISLNK(st.st_mode)) return Status::Error(job.dir + " is a symbolic link; refused");
  if (!S_ISDIR(st.st_mode)) return Status::Error(job.dir + " is not a directory");
  job.stamp = StampJobFiles(job.dir);
  if (auto ok = ReadEntity(job.dir + "/entity.cfg", job); !ok) return ok;
  if (auto ok = ReadActionTemplate(job.dir + "/action.json", job); !ok) return ok;
  if (!job.plugin.empty()) {
    if (auto ok = CheckPlugin(runner_dir, job.plugin); !ok) return ok;
  }
  return job;
}

}  // namespace mig::runner
