#include "agent/config.h"

#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <tuple>

#include "agent/builtin_config.h"
#include "relay/relay_url.h"

namespace mig::agent {
namespace {

const std::vector<std::string> kKnownKeys = {"agent.relay",
                                             "agent.relayaccount",
                                             "agent.api",
                                             "agent.socket",
                                             "agent.heartbeatfreq",
                                             "agent.moduletimeout",
                                             "agent.refreshenv",
                                             "agent.checkin",
                                             "agent.onlyverifypubkey",
                                             "agent.extraprivacymode",
                                             "agent.discoverpublicip",
                                             "agent.discoverawsmeta",
                                             "agent.isimmortal",
                                             "agent.installservice",
                                             "agent.nopersistmods",
                                             "agent.proxies",
                                             "agent.tags",
                                             "agent.maxrunning",
                                             "agent.maxresultsize",
                                             "agent.rundir",
                                             "agent.confdir",
                                             "stats.maxactions",
                                             "respond.maxvalidity",
                                             "certs.ca",
                                             "certs.cert",
                                             "certs.key",
                                             "sandbox.enabled",
                                             "sandbox.uid",
                                             "sandbox.gid",
                                             "sandbox.memorymib",
                                             "sandbox.cpuseconds",
                                             "sandbox.openfiles",
                                             "logging.mode",
                                             "logging.level",
                                             "logging.file",
                                             "logging.maxfilesize",
                                             "logging.host",
                                             "logging.port",
                                             "logging.protocol",
                                             "logging.facility"};

Result<std::string> ReadWhole(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return Result<std::string>::Error("cannot read " + path);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

Result<std::chrono::seconds> Seconds(const ConfigFile& f, const char* key,
                                     std::chrono::seconds fallback) {
  std::string v = f.Get("agent", key);
  if (v.empty()) return fallback;
  auto ns = ParseGoDuration(v);
  if (!ns)
    return Result<std::chrono::seconds>::Error("[agent] " + std::string(key) + ": " + ns.error());
  // Whole seconds: a shorter duration would silently become 0 (refreshenv:
  // disabled), a negative one makes no sense.
  if (*ns < 0 || (*ns > 0 && *ns < 1'000'000'000)) {
    return Result<std::chrono::seconds>::Error("[agent] " + std::string(key) + " = \"" + v +
                                               "\": expected 0s or at least 1s");
  }
  return std::chrono::seconds(*ns / 1'000'000'000);
}

// Splits "a, b,c" into trimmed non-empty items.
std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream s(text);
  std::string item;
  while (std::getline(s, item, ',')) {
    size_t b = item.find_first_not_of(" \t"), e = item.find_last_not_of(" \t");
    if (b != std::string::npos) out.push_back(item.substr(b, e - b + 1));
  }
  return out;
}

std::string JoinList(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items)
    out += (out.empty() ? "" : ",") + item;
  return out;
}

// The relay URL as shown by mig-agent -S: the password is a secret.
std::string RelayWithoutPassword(const std::string& url) {
  auto parsed = relay::ParseRelayUrl(url);
  if (!parsed.ok()) return "(unparseable relay URL)";
  std::string shown = parsed->Display();
  shown.insert(shown.find("://") + 3, parsed->user + ":(hidden)@");
  return shown;
}

// [sandbox] key as a number from min to max, or an error naming the key.
Status SandboxNumber(const ConfigFile& f, const char* key, uint64_t min, uint64_t max,
                     uint64_t& field) {
  if (!f.Has("sandbox", key)) return Status::Ok();
  const std::string v = f.Get("sandbox", key);
  uint64_t n = 0;
  bool ok = !v.empty() && v.find_first_not_of("0123456789") == std::string::npos;
  try {
    if (ok) n = std::stoull(v);
  } catch (...) {
    ok = false;  // out of range
  }
  if (!ok || n < min || n > max) {
    return Status::Error("[sandbox] " + std::string(key) + " = \"" + v +
                         "\": expected a number from " + std::to_string(min) + " to " +
                         std::to_string(max));
  }
  field = n;
  return Status::Ok();
}

// [respond] maxvalidity: from 1s to 24h; a longer window would defeat its
// purpose (a respond action that stays valid for days).
Status ApplyRespondSection(AgentConfig& c, const ConfigFile& f) {
  if (!f.Has("respond", "maxvalidity")) return Status::Ok();
  const std::string v = f.Get("respond", "maxvalidity");
  auto ns = ParseGoDuration(v);
  constexpr int64_t kSecond = 1'000'000'000, kMax = 24 * 3600;
  if (!ns || *ns < kSecond || *ns > kMax * kSecond) {
    return Status::Error("[respond] maxvalidity = \"" + v +
                         "\": expected a duration from 1s to 24h, like \"1h\" or \"30m\"" +
                         (ns ? "" : " (" + ns.error() + ")"));
  }
  c.respond_max_validity = std::chrono::seconds(*ns / kSecond);
  return Status::Ok();
}

Status ApplySandboxSection(SandboxConfig& c, const ConfigFile& f) {
  auto enabled = f.GetBool("sandbox", "enabled", c.enabled);
  if (!enabled) return enabled.status();
  c.enabled = *enabled;
  uint64_t uid = c.uid, gid = c.gid;
  for (auto [key, min, max, field] :
       {std::tuple{"uid", uint64_t{0}, uint64_t{UINT32_MAX - 1}, &uid},
        std::tuple{"gid", uint64_t{0}, uint64_t{UINT32_MAX - 1}, &gid},
        std::tuple{"memorymib", uint64_t{0}, uint64_t{1} << 40, &c.max_memory_mib},
        std::tuple{"cpuseconds", uint64_t{0}, uint64_t{1} << 32, &c.max_cpu_seconds},
        std::tuple{"openfiles", uint64_t{16}, uint64_t{1} << 20, &c.max_open_files}}) {
    Status s = SandboxNumber(f, key, min, max, *field);
    if (!s.ok()) return s;
  }
  c.uid = static_cast<uint32_t>(uid);
  c.gid = static_cast<uint32_t>(gid);
  return Status::Ok();
}

}  // namespace

AgentConfig BuiltinConfig() {
  AgentConfig c;
  if (!kBuiltinConfigText.empty()) {
    auto file = ConfigFile::Parse(kBuiltinConfigText, "built-in configuration");
    if (file.ok()) {
      auto applied = ApplyConfigFile(c, *file);
      if (applied.ok()) c = std::move(applied.value());
    }
  }
  if (!kBuiltinAcl.empty()) c.acl_json = std::string(kBuiltinAcl);
  if (!kBuiltinInvestigatorKeys.empty())
    c.investigator_keys = {std::string(kBuiltinInvestigatorKeys)};
  if (!kBuiltinCaCert.empty()) c.ca_cert_pem = kBuiltinCaCert;
  if (!kBuiltinClientCert.empty()) c.client_cert_pem = kBuiltinClientCert;
  if (!kBuiltinClientKey.empty()) c.client_key_pem = kBuiltinClientKey;
  return c;
}

Result<AgentConfig> ApplyConfigFile(AgentConfig c, const ConfigFile& f) {
  auto unknown = f.UnknownKeys(kKnownKeys);
  if (!unknown.empty()) {
    std::string list;
    for (const auto& u : unknown)
      list += (list.empty() ? "" : ", ") + u;
    return Result<AgentConfig>::Error("unknown configuration key(s): " + list +
                                      " (mig-agent -h lists the valid keys)");
  }
  auto str = [&](const char* sec, const char* key, std::string& field) {
    if (f.Has(sec, key)) field = f.Get(sec, key);
  };
  str("agent", "relay", c.relay);
  str("agent", "relayaccount", c.relay_account);
  if (c.relay_account != "own" && c.relay_account != "shared") {
    return Result<AgentConfig>::Error("[agent] relayaccount = \"" + c.relay_account +
                                      "\": expected own or shared");
  }
  str("agent", "api", c.api);
  str("agent", "socket", c.socket);
  str("agent", "rundir", c.run_dir);
  str("agent", "confdir", c.conf_dir);
  str("logging", "level", c.log_level);
  str("logging", "file", c.log_file);
  for (auto [key, field] :
       {std::pair{"heartbeatfreq", &c.heartbeat_interval},
        std::pair{"moduletimeout", &c.module_timeout}, std::pair{"refreshenv", &c.refresh_env}}) {
    auto v = Seconds(f, key, *field);
    if (!v) return v.status();
    *field = *v;
  }
  if (c.heartbeat_interval.count() < 1) {
    return Result<AgentConfig>::Error("[agent] heartbeatfreq must be at least 1s");
  }
  if (c.module_timeout.count() < 1) {
    return Result<AgentConfig>::Error("[agent] moduletimeout must be at least 1s");
  }
  for (auto [key, field] :
       {std::pair{"checkin", &c.checkin}, std::pair{"onlyverifypubkey", &c.only_verify_pubkey},
        std::pair{"extraprivacymode", &c.extra_privacy_mode},
        std::pair{"discoverpublicip", &c.discover_public_ip}}) {
    auto v = f.GetBool("agent", key, *field);
    if (!v) return v.status();
    *field = *v;
  }
  if (f.Has("agent", "proxies")) c.proxies = SplitList(f.Get("agent", "proxies"));
  for (const auto& tag : f.GetAll("agent", "tags")) {
    size_t colon = tag.find(':');
    if (colon == std::string::npos || colon == 0) {
      return Result<AgentConfig>::Error("[agent] tags = \"" + tag + "\": expected name:value");
    }
    // MIG keeps only the text before a second ':'.
    std::string value = tag.substr(colon + 1);
    c.tags[tag.substr(0, colon)] = value.substr(0, value.find(':'));
  }
  if (Status s = ApplySandboxSection(c.sandbox, f); !s.ok()) return s;
  if (Status s = ApplyRespondSection(c, f); !s.ok()) return s;
  if (f.Has("stats", "maxactions")) {
    const std::string v = f.Get("stats", "maxactions");
    const bool digits =
        !v.empty() && v.size() <= 2 && v.find_first_not_of("0123456789") == std::string::npos;
    c.stats_max_actions = digits ? std::stoi(v) : -1;
    if (c.stats_max_actions < 0 || c.stats_max_actions > 30) {
      return Result<AgentConfig>::Error("[stats] maxactions = \"" + v +
                                        "\": expected a number from 0 to 30");
    }
  }
  if (f.Has("agent", "maxrunning")) {
    try {
      c.max_running_commands = std::stoi(f.Get("agent", "maxrunning"));
    } catch (...) {
      c.max_running_commands = 0;
    }
    if (c.max_running_commands < 1 || c.max_running_commands > 64) {
      return Result<AgentConfig>::Error("[agent] maxrunning must be a number from 1 to 64");
    }
  }
  if (f.Has("agent", "maxresultsize")) {
    const std::string v = f.Get("agent", "maxresultsize");
    uint64_t n = 0;
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc() || end != v.data() + v.size() || n < 4096 || n > (uint64_t{1} << 31)) {
      return Result<AgentConfig>::Error("[agent] maxresultsize = \"" + v +
                                        "\": expected a number of bytes from 4096 to 2147483648");
    }
    c.max_result_bytes = static_cast<size_t>(n);
  }
  for (auto [key, field] : {std::pair{"ca", &c.ca_cert_pem}, std::pair{"cert", &c.client_cert_pem},
                            std::pair{"key", &c.client_key_pem}}) {
    if (!f.Has("certs", key) || f.Get("certs", key).empty()) continue;
    auto pem = ReadWhole(f.Get("certs", key));
    if (!pem) return Result<AgentConfig>::Error("[certs] " + std::string(key) + ": " + pem.error());
    *field = std::move(pem.value());
  }
  return c;
}

Result<AgentConfig> LoadAgentConfig(const std::string& path) {
  AgentConfig c = BuiltinConfig();
  std::error_code ec;
  if (!path.empty() && std::filesystem::exists(path, ec)) {
    auto file = ConfigFile::Load(path);
    if (!file) return file.status();
    auto applied = ApplyConfigFile(c, *file);
    if (!applied) return applied.status().Context(path);
    c = std::move(applied.value());
  }
  if (Status s = RefuseUnimplemented(c); !s.ok()) return s;
  const std::string acl = c.conf_dir + "/acl.cfg";
  if (std::filesystem::exists(acl, ec)) {
    auto text = ReadWhole(acl);
    if (!text) return text.status();
    c.acl_json = std::move(text.value());
  }
  const std::string keys = c.conf_dir + "/agentkeys";
  if (std::filesystem::is_directory(keys, ec)) {
    c.investigator_keys.clear();
    for (const auto& e : std::filesystem::directory_iterator(keys, ec)) {
      if (!e.is_regular_file()) continue;
      auto text = ReadWhole(e.path().string());
      if (text) c.investigator_keys.push_back(std::move(text.value()));
    }
  }
  return c;
}

Status RefuseUnimplemented(const AgentConfig& c) {
  if (!c.proxies.empty()) {
    return Status::Error(
        "[agent] proxies = \"" + JoinList(c.proxies) +
        "\": proxies are not implemented in this agent. It connects to the relay and the API "
        "directly, through no proxy (neither these nor HTTP_PROXY/HTTPS_PROXY); remove the key "
        "(or set proxies = \"\") once the relay can be reached without one");
  }
  if (!c.socket.empty() && c.socket != kMigStatusSocket) {
    return Status::Error("[agent] socket = \"" + c.socket +
                         "\": the local status socket is not implemented in this agent, nothing "
                         "would listen there; remove the key, set socket = \"\", or keep MIG's "
                         "default \"" +
                         std::string(kMigStatusSocket) + "\" (accepted, nothing listens)");
  }
  return Status::Ok();
}

std::vector<std::string> StartupNotes(const AgentConfig& c) {
  std::vector<std::string> notes;
  if (!c.socket.empty()) {
    notes.push_back("[agent] socket = \"" + c.socket +
                    "\": the local status socket is not implemented yet; nothing listens there");
  }
  if (c.stats_max_actions > 0) {
    notes.push_back("[stats] maxactions = " + std::to_string(c.stats_max_actions) +
                    ": MIG keeps statistics of its last actions for its local status socket only; "
                    "this agent has none, so it keeps none");
  }
  return notes;
}

std::string DescribeConfig(const AgentConfig& c) {
  std::ostringstream o;
  o << "[agent]\n"
    << "    relay = \"" << RelayWithoutPassword(c.relay) << "\"\n"
    << "    relayaccount = " << c.relay_account << "\n"
    << "    api = \"" << c.api << "\"\n"
    << "    discoverpublicip = " << (c.discover_public_ip ? "on" : "off") << "\n"
    << "    socket = \"" << c.socket << "\"\n"
    << (c.socket.empty() ? "" : "; socket: not implemented, nothing listens\n")
    << "    proxies = \"" << JoinList(c.proxies) << "\"\n"
    << "    heartbeatfreq = " << c.heartbeat_interval.count() << "s\n"
    << "    moduletimeout = " << c.module_timeout.count() << "s\n"
    << "    refreshenv = " << c.refresh_env.count() << "s\n"
    << (c.refresh_env.count() == 0 ? "; refreshenv 0s: the environment is detected once\n" : "")
    << "    checkin = " << (c.checkin ? "on" : "off") << "\n"
    << "    onlyverifypubkey = " << (c.only_verify_pubkey ? "on" : "off") << "\n"
    << "    extraprivacymode = " << (c.extra_privacy_mode ? "on" : "off") << "\n"
    << "    maxrunning = " << c.max_running_commands << "\n"
    << "    maxresultsize = " << c.max_result_bytes << "\n"
    << "    rundir = \"" << c.run_dir << "\"\n"
    << "    confdir = \"" << c.conf_dir << "\"\n";
  for (const auto& [k, v] : c.tags)
    o << "    tags = \"" << k << ":" << v << "\"\n";
  o << "; relay TLS: CA " << (c.ca_cert_pem.empty() ? "none" : "set") << ", client certificate "
    << (c.client_cert_pem.empty() ? "none" : "set") << "\n"
    << "; investigator keys: " << c.investigator_keys.size() << " file(s)\n"
    << "[sandbox]\n    enabled = " << (c.sandbox.enabled ? "on" : "off") << "\n"
    << "    uid = " << c.sandbox.uid << "\n    gid = " << c.sandbox.gid << "\n"
    << "    memorymib = " << c.sandbox.max_memory_mib << "\n"
    << "    cpuseconds = " << c.sandbox.max_cpu_seconds << "\n"
    << "    openfiles = " << c.sandbox.max_open_files << "\n";
  for (const auto& limitation : SandboxLimitations(c.sandbox))
    o << "; " << limitation << "\n";
  o << "[respond]\n    maxvalidity = " << c.respond_max_validity.count() << "s\n";
  o << "[stats]\n    maxactions = " << c.stats_max_actions << "\n";
  if (c.stats_max_actions > 0)
    o << "; [stats]: kept by MIG for its status socket only; none kept\n";
  o << "[logging]\n    level = " << c.log_level << "\n";
  return o.str();
}

}  // namespace mig::agent
