// firewall parameters: the JSON an action carries, the `mig firewall`
// flags, and their validation into a Request whose every value is typed
// (docs/modules/firewall.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/documents.h"
#include "core/status.h"
#include "modules/firewall/address.h"
#include "modules/go_flags.h"

namespace mig::modules::firewall {

// Every change expires: the kernel removes it when its time to live runs out.
constexpr int64_t kDefaultTtlMs = 3600 * 1000;   // 1 h
constexpr int64_t kMinTtlMs = 1000;              // 1 s: short enough for tests
constexpr int64_t kMaxTtlMs = 24 * 3600 * 1000;  // 24 h: renew to keep it longer
// The most endpoints an isolation keeps reachable (the agent adds its own).
constexpr size_t kMaxKeep = 64;

enum class Operation { kList, kBlock, kUnblock, kIsolate, kRelease };
enum class Direction { kIn, kOut, kBoth };
enum class Protocol { kAny, kTcp, kUdp };

// The parameters as written, before validation.
struct Parameters {
  std::string operation;
  std::optional<std::string> address;
  std::optional<std::string> direction;
  std::optional<double> port;
  std::optional<std::string> protocol;
  std::optional<std::string> ttl;  // Go duration: "1h", "90m", "2s"
  std::vector<std::string> keep;   // isolate: "IP:PORT" kept reachable (TCP)
  bool dryrun = false;
};

struct Request {
  Operation operation = Operation::kList;
  Network network;  // block, unblock
  Direction direction = Direction::kBoth;
  Protocol protocol = Protocol::kAny;
  int port = 0;  // with a protocol only
  int64_t ttl_ms = kDefaultTtlMs;
  std::vector<Endpoint> keep;
  bool dryrun = false;
};

// Unknown keys are refused: a misspelt "tll" must not quietly mean 1 h.
Result<Parameters> DecodeParameters(const Json& json);
Result<Request> ValidateParameters(const Parameters& params);
OrderedJson ParametersToJson(const Parameters& params);

Result<Parameters> ParseFirewallArgs(const std::vector<std::string>& args,
                                     const FileSource& files = NoFiles());
// The flags ParseFirewallArgs takes, with their help.
std::vector<FlagInfo> FirewallFlags();
std::string FirewallUsage();

std::string OperationName(Operation op);
std::string DirectionName(Direction d);
std::string ProtocolName(Protocol p);

}  // namespace mig::modules::firewall
