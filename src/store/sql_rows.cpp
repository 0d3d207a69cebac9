#include "store/sql_rows.h"

#include <cstdlib>

#include "store/db_time.h"
#include "store/json_columns.h"

namespace mig::store {

const char* const kAgentColumns =
    "agents.id, agents.name, agents.queueloc, agents.mode, agents.version, agents.pid, "
    "agents.starttime, agents.destructiontime, agents.heartbeattime, agents.refreshtime, "
    "agents.status, agents.environment, agents.tags, agents.loadername";

const char* const kActionColumns =
    "actions.id, actions.name, actions.target, actions.description, actions.threat, "
    "actions.operations, actions.validfrom, actions.expireafter, actions.starttime, "
    "actions.finishtime, actions.lastupdatetime, actions.status, actions.syntaxversion, "
    "actions.pgpsignatures";

const char* const kInvestigatorColumns =
    "investigators.id, investigators.name, investigators.pgpfingerprint, "
    "investigators.publickey, investigators.privatekey, investigators.status, "
    "investigators.createdat, investigators.lastmodified, investigators.permissions, "
    "investigators.apikey, investigators.apisalt";

namespace {

std::string Text(const Row& row, size_t i) {
  return i < row.size() && row[i] ? *row[i] : std::string();
}

// Reads a time column into out; NULL leaves the zero time.
Status ReadTime(const Row& row, size_t i, Time& out) {
  if (i >= row.size() || !row[i]) return Status::Ok();
  Result<Time> t = ParseDbTime(*row[i]);
  if (!t.ok()) return t.status();
  out = *t;
  return Status::Ok();
}

template <typename T, typename F>
Status ReadJson(const Row& row, size_t i, T& out, F parse) {
  if (i >= row.size() || !row[i]) return Status::Ok();
  auto r = parse(*row[i]);
  if (!r.ok()) return r.status();
  out = std::move(*r);
  return Status::Ok();
}

}  // namespace

int64_t ToInt(const std::optional<std::string>& v) {
  if (!v) return 0;
  return std::strtoll(v->c_str(), nullptr, 10);
}

Result<Time> ParseDbTimeOr(const std::optional<std::string>& v) {
  if (!v) return Time::Zero();
  return ParseDbTime(*v);
}

SqlParam TimeParam(const Time& t) {
  return FormatDbTime(t);
}

SqlParam TextOrNull(const std::string& s) {
  if (s.empty()) return std::monostate{};
  return s;
}

std::string ToHex(const std::string& bytes) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

std::string FromHex(const std::string& hex) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return 0;
  };
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2)
    out += static_cast<char>(nibble(hex[i]) * 16 + nibble(hex[i + 1]));
  return out;
}

Result<Agent> AgentFromRow(const Row& row, size_t o) {
  Agent a;
  a.id = ToInt(row.at(o + 0));
  a.name = Text(row, o + 1);
  a.queue_loc = Text(row, o + 2);
  a.mode = Text(row, o + 3);
  a.version = Text(row, o + 4);
  a.pid = ToInt(row.at(o + 5));
  for (Status s : {ReadTime(row, o + 6, a.start_time), ReadTime(row, o + 7, a.destruction_time),
                   ReadTime(row, o + 8, a.heartbeat_time), ReadTime(row, o + 9, a.refresh_time),
                   ReadJson(row, o + 11, a.environment, EnvironmentFromJson),
                   ReadJson(row, o + 12, a.tags, TagsFromJson)}) {
    if (!s.ok()) return s.Context("agent " + std::to_string(a.id));
  }
  a.status = Text(row, o + 10);
  a.loader_name = Text(row, o + 13);
  return a;
}

Result<Action> ActionFromRow(const Row& row, size_t o) {
  Action a;
  a.id = ToInt(row.at(o + 0));
  a.name = Text(row, o + 1);
  a.target = Text(row, o + 2);
  for (Status s :
       {ReadJson(row, o + 3, a.description, DescriptionFromJson),
        ReadJson(row, o + 4, a.threat, ThreatFromJson),
        ReadJson(row, o + 5, a.operations, OperationsFromJson), ReadTime(row, o + 6, a.valid_from),
        ReadTime(row, o + 7, a.expire_after), ReadTime(row, o + 8, a.start_time),
        ReadTime(row, o + 9, a.finish_time), ReadTime(row, o + 10, a.last_update_time),
        ReadJson(row, o + 13, a.pgp_signatures, StringsFromJson)}) {
    if (!s.ok()) return s.Context("action " + std::to_string(a.id));
  }
  a.status = Text(row, o + 11);
  a.syntax_version = static_cast<int>(ToInt(row.at(o + 12)));
  return a;
}

Result<InvestigatorRecord> InvestigatorFromRow(const Row& row, size_t o) {
  InvestigatorRecord r;
  Investigator& i = r.info;
  i.id = ToInt(row.at(o + 0));
  i.name = Text(row, o + 1);
  i.pgp_fingerprint = Text(row, o + 2);
  i.public_key = Text(row, o + 3);
  r.private_key = Text(row, o + 4);
  i.status = Text(row, o + 5);
  for (Status s : {ReadTime(row, o + 6, i.created_at), ReadTime(row, o + 7, i.last_modified)}) {
    if (!s.ok()) return s.Context("investigator " + std::to_string(i.id));
  }
  r.permission_mask = static_cast<uint64_t>(ToInt(row.at(o + 8)));
  r.api_key_hash = FromHex(Text(row, o + 9));
  r.api_salt = FromHex(Text(row, o + 10));
  return r;
}

}  // namespace mig::store
