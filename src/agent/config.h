// The agent's configuration (components.md 3.2). Values are compiled in
// (see builtin_config.h, set with CMake options) and a configuration file,
// when present, overrides them key by key. Unlike MIG, an omitted key keeps
// its built-in value and an unknown key is a clear error, not a silent reset.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "agent/sandbox.h"
#include "core/gcfg.h"
#include "core/status.h"

namespace mig::agent {

// MIG's default [agent] socket (its sample configuration sets it too).
inline constexpr std::string_view kMigStatusSocket = "127.0.0.1:51664";

// [respond] maxvalidity by default. MIG's generator gives actions 30
// minutes; an hour leaves room for a second investigator to sign.
inline constexpr std::chrono::seconds kDefaultRespondMaxValidity{3600};

struct AgentConfig {
  std::string relay = "amqp://guest:guest@localhost:5672/";
  // "own": the agent logs in to the relay as itself (user name = its queue
  // location, password = its secret and the relay URL's password as the
  // fleet's enrollment token), may read only its own queue and signs what it
  // publishes with its user-id. "shared": MIG's model, every agent logs in
  // with the relay URL's account; weaker (docs/security.md), for brokers and
  // schedulers that only know MIG's setup.
  std::string relay_account = "own";
  // Asked GET <api>/ip at start and at each refresh when discover_public_ip.
  std::string api = "http://localhost:1664/api/v1/";
  // MIG's local status socket: not implemented. Only MIG's default (kept so
  // that MIG's configurations load) or "" is accepted; nothing listens.
  std::string socket = std::string(kMigStatusSocket);
  std::chrono::seconds heartbeat_interval{300};
  std::chrono::seconds module_timeout{300};
  std::chrono::seconds refresh_env{300};  // 0 disables re-detection
  bool checkin = false;
  // MIG's switch: any valid known signature runs an investigation. Never
  // applies to respond operations (docs/acl.md).
  bool only_verify_pubkey = false;
  // [respond] maxvalidity: the longest validity window (expireafter -
  // validfrom) of an action with a respond operation; one without expiry or
  // with a longer window is refused.
  std::chrono::seconds respond_max_validity = kDefaultRespondMaxValidity;
  // Results go through each module's privacy hook before they leave.
  bool extra_privacy_mode = false;
  // Off by default here (MIG's built-in default is on): an agent talks to
  // the API only when told to.
  bool discover_public_ip = false;
  // Not implemented: a non-empty list is refused by LoadAgentConfig.
  std::vector<std::string> proxies;
  std::map<std::string, std::string> tags;
  int max_running_commands = 4;  // commands executed in parallel
  // [agent] maxresultsize: the largest result message the agent publishes
  // (the scheduler drops larger ones, [mq] maxresultsize). A module whose
  // output is larger, or the results that make the message larger, are
  // replaced by an error saying so.
  size_t max_result_bytes = 16u << 20;
  // [stats] maxactions, 0-30. MIG keeps them for its status socket only, so
  // nothing is kept here; the value is checked and shown.
  int stats_max_actions = 15;

  std::string run_dir = "/var/lib/mig";
  std::string conf_dir = "/etc/mig";

  // PEM contents (not paths) for relay TLS; empty when not used.
  std::string ca_cert_pem, client_cert_pem, client_key_pem;
  // The ACL document (protocol.md section 4) and armored investigator keys.
  // Built in: MIG's default, which accepts nobody, and a respond entry
  // wanting two investigators (docs/acl.md).
  std::string acl_json = R"({"default":{"minimumweight":1,"investigators":{}},)"
                         R"("respond":{"minimumweight":2,"investigators":{}}})";
  std::vector<std::string> investigator_keys;

  // [sandbox]: how module children are confined (docs/sandbox.md).
  SandboxConfig sandbox;

  std::string log_level = "info";
  std::string log_file;  // empty: standard error
};

// The configuration compiled into this binary.
AgentConfig BuiltinConfig();

// Applies a parsed configuration file on top of base. Paths inside it
// ([certs] ca/cert/key) are read here; errors name the key and the file.
Result<AgentConfig> ApplyConfigFile(AgentConfig base, const ConfigFile& file);

// BuiltinConfig(), then the file at path when it exists, then <confdir>/acl.cfg
// and <confdir>/agentkeys/ when they exist (each replaces the built-in value);
// then RefuseUnimplemented.
Result<AgentConfig> LoadAgentConfig(const std::string& path);

// Settings MIG's agent honours and this one does not: an error naming the
// key and what to do, rather than a setting silently ignored. Refused: a
// non-empty proxies list, a socket other than "" or MIG's default.
Status RefuseUnimplemented(const AgentConfig& config);

// What the daemon logs at start about accepted settings that do nothing
// here (the status socket, [stats] maxactions).
std::vector<std::string> StartupNotes(const AgentConfig& config);

// The configuration as a gcfg file (mig-agent -S), secrets left out.
std::string DescribeConfig(const AgentConfig& config);

}  // namespace mig::agent
