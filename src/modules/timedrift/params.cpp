#include "modules/timedrift/params.h"

#include "modules/go_flags.h"
#include "modules/go_json.h"
#include "modules/timedrift/duration.h"

namespace mig::modules::timedrift {

Result<Parameters> DecodeParameters(const Json& parameters) {
  if (Status st = gojson::RequireObject(parameters, "timedrift.params"); !st) return st;
  Parameters p;
  if (Status st = gojson::ReadString(parameters, "drift", "params", &p.drift); !st) return st;
  return p;
}

Result<int64_t> ValidateParameters(const Parameters& params) {
  const std::string& drift = params.drift;
  if (drift.empty()) return int64_t{0};
  auto ns = ParseGoDuration(drift);
  if (!ns)
    return Result<int64_t>::Error(ns.error() +
                                  " (drift must be a duration such as 5s, 1m30s or 500ms)");
  if (*ns < 0) return Result<int64_t>::Error("drift must not be negative, got " + drift);
  return ns;
}

OrderedJson ParametersToJson(const Parameters& params) {
  OrderedJson j = OrderedJson::object();
  j["drift"] = params.drift;
  return j;
}

namespace {

// The one registration of `mig timedrift` flags: the parser and the description.
FlagSet DeclareFlags(Parameters& p) {
  FlagSet flags("mig timedrift");
  flags.String("drift", &p.drift,
               "also ask NTP and report clocks off by more than this Go duration (5s, 1m30s)");
  return flags;
}

}  // namespace

Result<Parameters> ParseTimedriftArgs(const std::vector<std::string>& args,
                                      const FileSource& files) {
  Parameters p;
  if (Status st = DeclareFlags(p).Parse(args, files); !st) return st;
  return p;
}

std::vector<FlagInfo> TimedriftFlags() {
  Parameters p;
  return DeclareFlags(p).Describe();
}

std::string TimedriftUsage() {
  return R"(mig timedrift - the endpoint's local time, and its drift from NTP

usage: mig timedrift [-t local | --local] [-drift <duration>]

  -drift <d>  also ask NTP servers for the time and report endpoints whose
              clock is off by more than d (Go duration: 5s, 1m30s, 500ms).
              Without it, only the local time is reported.

NTP servers: the server/pool lines of /etc/ntp.conf and chrony's config,
then time.nist.gov and [0-3].pool.ntp.org; the first that answers is used.
A missing ntp.conf is not an error.

examples:
  mig timedrift -t local                  local time of the endpoint
  mig timedrift -t local -drift 5s        is the clock within 5s of NTP?
  mig timedrift -show all -drift 60s      (fleet) list every endpoint's drift
)";
}

}  // namespace mig::modules::timedrift
