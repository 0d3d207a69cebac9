#include "runner/job_output.h"

#include <memory>

#include "core/documents_json.h"
#include "output/command_findings.h"
#include "output/file_sink.h"

namespace mig::runner {

Result<std::optional<JobOutput>> ReadJobOutput(const ConfigFile& entity) {
  if (!entity.HasSection("output")) return std::optional<JobOutput>();
  JobOutput out;
  auto format = output::ParseFormat(entity.Get("output", "format", "ocsf"));
  if (!format) return format.status().Context("[output] format");
  out.format = *format;
  const std::string show = entity.Get("output", "show", "found");
  if (show == "found") {
    out.selection = output::Selection::kFound;
  } else if (show == "notfound") {
    out.selection = output::Selection::kNotFound;
  } else if (show == "all") {
    out.selection = output::Selection::kAll;
  } else {
    return Status::Error("[output] show must be found, notfound or all, not '" + show + "'");
  }
  out.file = entity.Get("output", "file");
  if (!out.file.empty() && out.file[0] != '/')
    return Status::Error("[output] file must be an absolute path");
  if (const std::string url = entity.Get("output", "syslog"); !url.empty()) {
    auto syslog = output::ParseSyslogUrl(url);
    if (!syslog) return syslog.status().Context("[output] syslog");
    syslog->app_name = "mig-runner";
    out.syslog = *syslog;
  }
  if (out.file.empty() && !out.syslog)
    return Status::Error("[output] needs a file or a syslog destination");
  return std::optional<JobOutput>(std::move(out));
}

Status WriteJobFindings(const JobOutput& out, const Action& action,
                        const std::vector<Json>& commands) {
  std::vector<std::unique_ptr<output::Sink>> sinks;
  std::string errors;
  auto note = [&](const std::string& e) { errors += (errors.empty() ? "" : "; ") + e; };
  if (!out.file.empty()) {
    auto f = output::FileSink::Open(out.file);
    if (f) {
      sinks.push_back(std::move(*f));
    } else {
      note(f.error());
    }
  }
  if (out.syslog) {
    auto s = output::SyslogSink::Open(*out.syslog);
    if (s) {
      sinks.push_back(std::move(*s));
    } else {
      note(s.error());
    }
  }
  size_t unreadable = 0;
  for (const Json& raw : commands) {
    auto command = CommandFromJson(raw);
    if (!command) {
      ++unreadable;
      continue;
    }
    for (const auto& line : output::CommandFindings(action, *command, out.format, out.selection)) {
      for (auto& sink : sinks) {
        if (auto ok = sink->Write(line); !ok) note(ok.message());
      }
    }
  }
  if (unreadable > 0) note(std::to_string(unreadable) + " command(s) could not be read");
  if (!errors.empty()) return Status::Error(errors);
  return Status::Ok();
}

}  // namespace mig::runner
