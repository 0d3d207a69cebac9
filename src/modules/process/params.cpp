#include "modules/process/params.h"

#include <charconv>
#include <cmath>

#include <re2/re2.h>

#include "core/gcfg.h"
#include "core/utf8.h"
#include "modules/go_flags.h"
#include "modules/go_json.h"

namespace mig::modules::process {
namespace {

const std::string kWhere = "params";

// A Go int field: a JSON number without a fraction that fits int64.
Status ReadInt(const Json& obj, std::string_view key, std::optional<int64_t>* out) {
  const Json* v = gojson::Field(obj, key);
  if (!v || v->is_null()) return Status::Ok();
  const std::string field = kWhere + "." + std::string(key);
  if (v->is_number_integer()) {
    if (v->is_number_unsigned() && v->get<uint64_t>() > uint64_t{INT64_MAX})
      return Status::Error(std::string(gojson::kDecodePrefix) + "json: cannot unmarshal number " +
                           v->dump() + " into Go struct field " + field + " of type int");
    *out = v->get<int64_t>();
    return Status::Ok();
  }
  if (v->is_number()) {
    return Status::Error(std::string(gojson::kDecodePrefix) + "json: cannot unmarshal number " +
                         v->dump() + " into Go struct field " + field + " of type int");
  }
  double ignored = 0;
  return gojson::ReadNumber(obj, key, kWhere, &ignored);  // its type error
}

Status ReadOptionalString(const Json& obj, std::string_view key, std::optional<std::string>* out) {
  const Json* v = gojson::Field(obj, key);
  if (!v || v->is_null()) return Status::Ok();
  std::string s;
  if (Status st = gojson::ReadString(obj, key, kWhere, &s); !st) return st;
  *out = std::move(s);
  return Status::Ok();
}

// Text that goes back into results and logs: bounded, valid UTF-8, no NUL.
Status CheckText(const char* what, const std::string& value) {
  if (value.size() > kMaxTextBytes)
    return Status::Error(std::string(what) + " is " + std::to_string(value.size()) +
                         " bytes long, more than the maximum of " + std::to_string(kMaxTextBytes));
  if (std::string bad = CheckStorableText(value); !bad.empty())
    return Status::Error(std::string(what) + " is not valid text: " + bad);
  return Status::Ok();
}

Status CheckPid(int64_t pid) {
  if (pid < 1 || pid > kMaxPid)
    return Status::Error("pid " + std::to_string(pid) + " is out of range: must be between 1 and " +
                         std::to_string(kMaxPid));
  return Status::Ok();
}

bool IsHex(const std::string& s) {
  return s.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
}

std::string Lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

Result<Selector> ValidateSelector(const Parameters& p) {
  std::vector<std::string> given;
  if (p.pid) given.push_back("pid");
  if (p.name) given.push_back("name");
  if (p.exe) given.push_back("exe");
  if (p.sha256) given.push_back("sha256");
  if (given.empty())
    return Result<Selector>::Error("no process selector: give one of pid, name, exe or sha256");
  if (given.size() > 1)
    return Result<Selector>::Error("one process selector at a time, got " + given[0] + " and " +
                                   given[1]);
  Selector s;
  if (p.pid) {
    if (Status st = CheckPid(*p.pid); !st) return st;
    s.kind = Selector::kPid;
    s.pid = static_cast<int>(*p.pid);
    return s;
  }
  if (p.name) {
    if (Status st = CheckText("name", *p.name); !st) return st;
    if (p.name->empty()) return Result<Selector>::Error("name must not be empty");
    RE2 re(*p.name, RE2::Quiet);
    if (!re.ok())
      return Result<Selector>::Error("invalid regexp '" + *p.name + "' in name: " + re.error());
    s.kind = Selector::kName;
    s.value = *p.name;
    return s;
  }
  if (p.exe) {
    if (Status st = CheckText("exe", *p.exe); !st) return st;
    if (p.exe->empty() || (*p.exe)[0] != '/')
      return Result<Selector>::Error("exe '" + *p.exe + "' must be an absolute path");
    s.kind = Selector::kExe;
    s.value = *p.exe;
    return s;
  }
  if (Status st = CheckText("sha256", *p.sha256); !st) return st;
  if (p.sha256->size() != 64 || !IsHex(*p.sha256))
    return Result<Selector>::Error("sha256 '" + *p.sha256 +
                                   "' must be 64 hexadecimal characters (the executable's digest)");
  s.kind = Selector::kSha256;
  s.value = Lower(*p.sha256);
  return s;
}

Result<int64_t> ValidateGrace(const Parameters& p, Signal signal) {
  if (p.grace.empty()) return kDefaultGraceNs;
  if (Status st = CheckText("grace", p.grace); !st) return st;
  if (signal != Signal::kTerm)
    return Result<int64_t>::Error(
        "grace applies to signal term only (it is the time between "
        "SIGTERM and SIGKILL)");
  auto ns = ParseGoDuration(p.grace);
  if (!ns) return Result<int64_t>::Error("grace: " + ns.error());
  if (*ns <= 0) return Result<int64_t>::Error("grace '" + p.grace + "' must be more than zero");
  if (*ns > kMaxGraceNs)
    return Result<int64_t>::Error("grace '" + p.grace + "' is longer than the maximum of " +
                                  FormatGoDuration(kMaxGraceNs) +
                                  " (the module must finish within the agent's module timeout)");
  return *ns;
}

}  // namespace

Result<Parameters> DecodeParameters(const Json& json) {
  if (Status st = gojson::RequireObject(json, "process.params"); !st) return st;
  Parameters p;
  if (Status st = ReadInt(json, "pid", &p.pid); !st) return st;
  for (auto [key, out] : {std::pair{"name", &p.name}, {"exe", &p.exe}, {"sha256", &p.sha256}})
    if (Status st = ReadOptionalString(json, key, out); !st) return st;
  if (Status st = gojson::ReadString(json, "signal", kWhere, &p.signal); !st) return st;
  if (Status st = gojson::ReadString(json, "grace", kWhere, &p.grace); !st) return st;
  if (Status st = gojson::ReadBool(json, "dryrun", kWhere, &p.dryrun); !st) return st;
  return p;
}

Result<Request> ValidateParameters(const Parameters& params) {
  Request r;
  auto selector = ValidateSelector(params);
  if (!selector) return selector.status();
  r.selector = *selector;
  if (Status st = CheckText("signal", params.signal); !st) return st;
  if (params.signal.empty() || params.signal == "term") {
    r.signal = Signal::kTerm;
  } else if (params.signal == "kill") {
    r.signal = Signal::kKill;
  } else if (params.signal == "stop") {
    r.signal = Signal::kStop;
  } else {
    return Result<Request>::Error("unknown signal '" + params.signal +
                                  "': must be term, kill or stop");
  }
  auto grace = ValidateGrace(params, r.signal);
  if (!grace) return grace.status();
  if (r.signal == Signal::kTerm) r.grace_ns = *grace;
  r.dryrun = params.dryrun;
  return r;
}

OrderedJson ParametersToJson(const Parameters& params) {
  OrderedJson j = OrderedJson::object();
  if (params.pid) j["pid"] = *params.pid;
  if (params.name) j["name"] = *params.name;
  if (params.exe) j["exe"] = *params.exe;
  if (params.sha256) j["sha256"] = *params.sha256;
  j["signal"] = params.signal.empty() ? "term" : params.signal;
  if (!params.grace.empty()) j["grace"] = params.grace;
  if (params.dryrun) j["dryrun"] = true;
  return j;
}

std::string DescribeSelector(const Selector& selector) {
  switch (selector.kind) {
    case Selector::kPid:
      return "pid " + std::to_string(selector.pid);
    case Selector::kName:
      return "name '" + selector.value + "'";
    case Selector::kExe:
      return "exe '" + selector.value + "'";
    case Selector::kSha256:
      return "sha256 " + selector.value;
  }
  return "";
}

std::string_view SignalWord(Signal signal) {
  switch (signal) {
    case Signal::kTerm:
      return "term";
    case Signal::kKill:
      return "kill";
    case Signal::kStop:
      return "stop";
  }
  return "term";
}

namespace {

// What the flags write; the selectors are lists so that a repeated one is
// refused rather than silently replaced.
struct Cli {
  std::vector<std::string> pid, name, exe, sha256;
  Parameters p;
};

// The one registration of `mig process` flags: the parser and the description.
FlagSet DeclareFlags(Cli& c) {
  FlagSet flags("mig process");
  flags.List("pid", &c.pid, "select the process with this pid (one selector at a time)");
  flags.List("name", &c.name, "select by base name of the executable (regex), e.g. '^evil$'");
  flags.List("exe", &c.exe, "select by full path of the executable, e.g. /tmp/.x/miner");
  flags.List("sha256", &c.sha256, "select by sha256 of the executable's content (64 hex)");
  flags.String("signal", &c.p.signal,
               "term (SIGTERM then SIGKILL after the grace, default), kill or stop");
  flags.String("grace", &c.p.grace, "time between SIGTERM and SIGKILL (default 5s, at most 1m0s)");
  flags.Bool("dryrun", &c.p.dryrun, "report what would be signalled, signal nothing");
  return flags;
}

}  // namespace

std::vector<FlagInfo> ProcessFlags() {
  Cli c;
  return DeclareFlags(c).Describe();
}

Result<Parameters> ParseProcessArgs(const std::vector<std::string>& args, const FileSource& files) {
  Cli c;
  if (Status st = DeclareFlags(c).Parse(args, files); !st) return st;
  auto& [pid, name, exe, sha256, p] = c;
  for (auto [flag, list] :
       {std::pair{"pid", &pid}, {"name", &name}, {"exe", &exe}, {"sha256", &sha256}})
    if (list->size() > 1)
      return Result<Parameters>::Error(std::string("-") + flag +
                                       " given more than once: one process selector at a time");
  if (!pid.empty()) {
    const std::string& text = pid[0];
    int64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size())
      return Result<Parameters>::Error("invalid value \"" + text +
                                       "\" for flag -pid: not a whole number");
    p.pid = v;
  }
  if (!name.empty()) p.name = name[0];
  if (!exe.empty()) p.exe = exe[0];
  if (!sha256.empty()) p.sha256 = sha256[0];
  return p;
}

std::string ProcessUsage() {
  return R"(mig process - signal processes: terminate, kill or suspend them (Linux, respond)

usage: mig process [-t local | --local] (-pid N | -name REGEX | -exe PATH | -sha256 HEX)
                   [-signal term|kill|stop] [-grace DURATION] [-dryrun]

selector (exactly one):
  -pid <n>          the process with this pid
  -name <regex>     base name of the executable (/proc/PID/exe), e.g. '^evil$'
  -exe <path>       full path of the executable, e.g. /tmp/.x/miner
  -sha256 <hex>     sha256 of the executable's content (64 hex characters)
options:
  -signal term      SIGTERM, then SIGKILL to what is still alive after the grace (default)
  -signal kill      SIGKILL at once
  -signal stop      SIGSTOP: suspend, undo with kill -CONT <pid>
  -grace <dur>      time between SIGTERM and SIGKILL (default 5s, at most 1m0s)
  -dryrun           report what would be signalled, signal nothing

PID 1, the agent and its ancestors and the module itself are never signalled.
Each process is reported with its pid, executable, user, the sha256 of its
command line (sha256sum /proc/PID/cmdline) and what became of it. A killed
process cannot be brought back: try -dryrun first.

examples:
  mig process -t local -name '^evil$' -dryrun
  mig process -exe /tmp/.x/miner -signal kill
  mig process -pid 4242 -signal stop
)";
}

}  // namespace mig::modules::process
