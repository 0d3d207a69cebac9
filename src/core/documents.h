// The documents of protocol.md: action, operation, command, result, agent
// (heartbeat, both formats), investigator. Plain values; reading and writing
// JSON lives in documents_json.h, the signed string in signed_string.h.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/time.h"

namespace mig {

using Json = nlohmann::json;  // generic JSON (object keys sorted byte-wise)
// JSON whose object keys keep insertion order: module results follow the key
// order of the spec's structs.
using OrderedJson = nlohmann::ordered_json;

// IDs are float64 on MIG's wire; we hold them as integers below 2^53.
using Id = int64_t;

struct Description {
  std::string author, email, url;
  double revision = 0;
};

struct Threat {
  std::string ref, level, family, type;
};

// One module invocation (protocol.md 2.2).
struct Operation {
  std::string module;
  Json parameters;  // opaque; a base64 string when is_compressed
  bool is_compressed = false;
  bool want_compressed = false;
};

// Progress of an action, computed from its commands (protocol.md 2.3).
struct Counters {
  int64_t sent = 0, done = 0, inflight = 0, success = 0, cancelled = 0, expired = 0, failed = 0,
          timeout = 0;
};

struct Investigator {
  Id id = 0;
  std::string name;
  std::string pgp_fingerprint;
  std::string public_key;  // armored; never written in action documents
  std::string status;      // "active" | "disabled"
  Time created_at, last_modified;
  std::vector<std::string> permissions;  // permission set names (api.md section 3)
};

struct Action {
  Id id = 0;
  std::string name;
  std::string target;
  Description description;
  Threat threat;
  Time valid_from, expire_after;
  // nullopt is JSON null (rejected by validation); an empty vector is [].
  std::optional<std::vector<Operation>> operations;
  std::vector<std::string> pgp_signatures;
  std::vector<Investigator> investigators;  // filled by the API on reads
  std::string status;
  Time start_time, finish_time, last_update_time;
  Counters counters;
  int syntax_version = 0;
};

struct AwsInfo {
  std::string instance_id, local_ipv4, ami_id, instance_type;
};

struct Environment {
  std::string init, ident, os, arch;
  bool is_proxied = false;
  std::string proxy;
  std::vector<std::string> addresses;
  std::string public_ip;
  AwsInfo aws;
  std::vector<std::string> modules;
};

// An agent row / legacy AMQP heartbeat (protocol.md 6.2). The HTTP heartbeat
// (6.1) carries the same facts with camelCase keys and tags as a list.
struct Agent {
  Id id = 0;
  std::string name;
  std::string queue_loc;
  std::string mode;  // "daemon" | "checkin"
  std::string version;
  int64_t pid = 0;
  std::string loader_name;
  Time start_time, destruction_time, heartbeat_time, refresh_time;
  std::string status;  // online | idle | offline | destroyed
  bool authorized = false;
  Environment environment;
  std::map<std::string, std::string> tags;
};

// A module's answer (protocol.md 5.2).
struct ModuleResult {
  bool found_anything = false;
  bool success = false;
  OrderedJson elements;             // null when absent
  OrderedJson statistics;           // null when absent
  std::vector<std::string> errors;  // written as null when empty
};

struct Command {
  Id id = 0;
  Action action;
  Agent agent;
  std::string status;  // sent | success | failed | timeout | expired | cancelled
  std::vector<ModuleResult> results;
  Time start_time, finish_time;
};

}  // namespace mig
