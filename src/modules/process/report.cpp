#include "modules/process/report.h"

#include "modules/go_format.h"

namespace mig::modules::process {
namespace {

OrderedJson ProcessJson(const ProcessInfo& p) {
  OrderedJson j = OrderedJson::object();
  j["pid"] = p.pid;
  j["exe"] = JsonSafe(p.exe);
  if (p.exe_deleted) j["exedeleted"] = true;
  j["user"] = JsonSafe(p.user);
  j["uid"] = p.uid;
  j["cmdlinesha256"] = p.cmdline_sha256;
  return j;
}

std::string Text(const OrderedJson& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

// A number an agent sent, or 0 when it is something else.
int64_t Int(const OrderedJson& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_number_integer() ? j[key].get<int64_t>() : 0;
}

// "pid 42 /usr/bin/sleep (deleted) user root cmdline sha256 ab..."
std::string Who(const OrderedJson& p) {
  std::string exe = Text(p, "exe");
  if (exe.empty()) exe = "[executable unknown]";
  if (p.contains("exedeleted") && p["exedeleted"] == true) exe += " (deleted)";
  return "pid " + std::to_string(Int(p, "pid")) + " " + exe + " user " + Text(p, "user") +
         " cmdline sha256 " + Text(p, "cmdlinesha256");
}

std::string Join(const OrderedJson& list, const std::string& grace = "") {
  std::string out;
  if (!list.is_array()) return out;
  bool termed = false;
  for (const auto& s : list) {
    if (!s.is_string()) continue;
    if (!out.empty()) out += ", ";
    const std::string name = s.get<std::string>();
    out += name;
    if (name == "SIGKILL" && termed && !grace.empty()) out += " after " + grace;
    termed = termed || name == "SIGTERM";
  }
  return out;
}

std::string WhatHappened(const OrderedJson& p, const OrderedJson& elements) {
  const std::string state = Text(p, "outcome");
  const std::string grace = Text(elements, "grace");
  const std::string sent = Join(p.contains("signals") ? p["signals"] : OrderedJson(), grace);
  const std::string pid = std::to_string(Int(p, "pid"));
  if (state == "dryrun") {
    if (Text(elements, "signal") == "term")
      return "would send SIGTERM, then SIGKILL after " + grace + " if still alive (dryrun)";
    return "would send " + sent + " (dryrun)";
  }
  if (state == "exited") return "exited before it was signalled";
  if (state == "failed") return "NOT signalled: " + Text(p, "error");
  if (state == "died") return sent + ": died";
  if (state == "stopped") return sent + ": stopped (resume with kill -CONT " + pid + ")";
  if (state == "running") return sent + ": NOT stopped";
  if (state == "alive") return sent + ": STILL ALIVE";
  return sent + ": " + state;
}

}  // namespace

ModuleResult BuildResult(const Request& request, const Selection& selection,
                         const std::vector<Outcome>& outcomes, int64_t elapsed_ns) {
  ModuleResult r;
  r.success = true;
  r.found_anything = !selection.targets.empty();
  OrderedJson e = OrderedJson::object();
  e["selector"] = JsonSafe(DescribeSelector(request.selector));
  e["signal"] = std::string(SignalWord(request.signal));
  if (request.signal == Signal::kTerm) e["grace"] = FormatGoDuration(request.grace_ns);
  e["dryrun"] = request.dryrun;
  OrderedJson processes = OrderedJson::array();
  int64_t signalled = 0, died = 0, stopped = 0, alive = 0, failed = 0;
  for (size_t i = 0; i < selection.targets.size(); ++i) {
    const ProcessInfo& p = selection.targets[i];
    const Outcome& o = outcomes[i];
    OrderedJson j = ProcessJson(p);
    j["signals"] = o.signals;
    j["outcome"] = o.state;
    if (!o.error.empty()) j["error"] = o.error;
    processes.push_back(j);
    if (o.state != "dryrun" && o.state != "exited" && o.state != "failed") ++signalled;
    died += o.state == "died";
    stopped += o.state == "stopped";
    failed += o.state == "failed";
    if (o.state == "alive" || o.state == "running") {
      ++alive;
      r.errors.push_back(Who(j) + " was signalled (" + Join(j["signals"]) + ") but is " +
                         (o.state == "alive" ? "still alive" : "not stopped"));
    }
    if (o.state == "failed") r.errors.push_back(Who(j) + ": " + o.error);
  }
  e["processes"] = processes;
  OrderedJson spared = OrderedJson::array();
  for (const auto& s : selection.spared) {
    OrderedJson j = ProcessJson(s.process);
    j["reason"] = s.reason;
    spared.push_back(j);
  }
  e["spared"] = spared;
  r.elements = e;
  for (const auto& err : selection.errors)
    r.errors.push_back(JsonSafe(err));
  OrderedJson st = OrderedJson::object();
  st["matched"] = selection.targets.size();
  st["signalled"] = signalled;
  st["died"] = died;
  st["stopped"] = stopped;
  st["notdead"] = alive;
  st["failed"] = failed;
  st["spared"] = selection.spared.size();
  st["exectime"] = FormatGoDuration(elapsed_ns);
  r.statistics = st;
  return r;
}

ModuleResult FailureResult(const std::string& message) {
  ModuleResult r;
  r.errors.push_back(JsonSafe(message));
  return r;
}

std::vector<std::string> PrintResult(const ModuleResult& result, bool found_only) {
  std::vector<std::string> lines;
  const OrderedJson& e = result.elements;
  if (e.is_object()) {
    const bool any =
        e.contains("processes") && e["processes"].is_array() && !e["processes"].empty();
    if (any) {
      for (const auto& p : e["processes"])
        if (p.is_object()) lines.push_back(Who(p) + ": " + WhatHappened(p, e));
    } else if (!found_only) {
      lines.push_back("no process matched " + Text(e, "selector") + ": nothing signalled");
    }
    if (!found_only && e.contains("spared") && e["spared"].is_array())
      for (const auto& s : e["spared"])
        if (s.is_object()) lines.push_back("spared " + Who(s) + ": " + Text(s, "reason"));
  }
  if (found_only) return lines;
  for (const auto& err : result.errors)
    lines.push_back("[error] " + err);
  const OrderedJson& st = result.statistics;
  if (st.is_object())
    lines.push_back(
        "Statistics: " + std::to_string(Int(st, "matched")) + " matched, " +
        std::to_string(Int(st, "signalled")) + " signalled, " + std::to_string(Int(st, "died")) +
        " died, " + std::to_string(Int(st, "stopped")) + " stopped, " +
        std::to_string(Int(st, "notdead")) + " not dead, " + std::to_string(Int(st, "spared")) +
        " spared, ran in " + Text(st, "exectime") + ".");
  return lines;
}

void MaskResult(ModuleResult& result) {
  if (!result.elements.is_object()) return;
  for (const char* list : {"processes", "spared"}) {
    if (!result.elements.contains(list) || !result.elements[list].is_array()) continue;
    for (auto& p : result.elements[list])
      if (p.is_object() && p.contains("cmdlinesha256")) p["cmdlinesha256"] = "masked";
  }
  // The same hashes are quoted in the errors that name a process.
  for (auto& err : result.errors) {
    const size_t at = err.find("cmdline sha256 ");
    if (at == std::string::npos) continue;
    const size_t start = at + 15;
    const size_t end = err.find_first_not_of("0123456789abcdef", start);
    err.replace(start, (end == std::string::npos ? err.size() : end) - start, "masked");
  }
}

}  // namespace mig::modules::process
