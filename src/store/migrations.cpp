#include "store/migrations.h"

#include <chrono>
#include <string>
#include <vector>

namespace mig::store {
namespace {

// Migrations are written once with type tokens replaced per dialect:
// {TS} time, {JSON} JSON document, {BOOL} boolean, {SERIAL} sequence key.
const std::vector<std::string>& Migrations() {
  static const std::vector<std::string> kMigrations = {
      // 1: the tables of storage.md, with the fixes of its section 8 (64-bit
      // IDs, unbounded text, pgpsignatures as a JSON array, target indexes).
      R"sql(
CREATE TABLE id_counter (one INTEGER PRIMARY KEY CHECK (one = 1), next_id BIGINT NOT NULL);
CREATE TABLE investigators (
  id {SERIAL},
  name TEXT NOT NULL,
  pgpfingerprint TEXT UNIQUE,
  publickey TEXT,
  privatekey TEXT,
  status TEXT NOT NULL,
  createdat {TS} NOT NULL,
  lastmodified {TS} NOT NULL,
  permissions BIGINT NOT NULL DEFAULT 0,
  apikey TEXT,
  apisalt TEXT);
CREATE TABLE actions (
  id BIGINT PRIMARY KEY,
  name TEXT NOT NULL,
  target TEXT NOT NULL,
  description {JSON},
  threat {JSON},
  operations {JSON},
  validfrom {TS} NOT NULL,
  expireafter {TS} NOT NULL,
  starttime {TS},
  finishtime {TS},
  lastupdatetime {TS},
  status TEXT,
  syntaxversion INTEGER,
  pgpsignatures {JSON} NOT NULL);
CREATE INDEX actions_status_validfrom ON actions (status, validfrom);
CREATE TABLE signatures (
  actionid BIGINT NOT NULL REFERENCES actions(id),
  investigatorid BIGINT NOT NULL REFERENCES investigators(id),
  pgpsignature TEXT NOT NULL,
  UNIQUE (actionid, investigatorid));
CREATE INDEX signatures_investigatorid ON signatures (investigatorid);
CREATE TABLE agents (
  id BIGINT PRIMARY KEY,
  name TEXT NOT NULL,
  queueloc TEXT NOT NULL,
  mode TEXT NOT NULL,
  version TEXT NOT NULL,
  pid BIGINT NOT NULL,
  starttime {TS} NOT NULL,
  destructiontime {TS},
  heartbeattime {TS} NOT NULL,
  refreshtime {TS} NOT NULL,
  status TEXT,
  environment {JSON},
  tags {JSON},
  loadername TEXT);
CREATE INDEX agents_heartbeattime ON agents (heartbeattime);
CREATE INDEX agents_queueloc_pid ON agents (queueloc, pid);
CREATE INDEX agents_status ON agents (status, heartbeattime);
CREATE TABLE commands (
  id BIGINT PRIMARY KEY,
  actionid BIGINT NOT NULL REFERENCES actions(id),
  agentid BIGINT NOT NULL REFERENCES agents(id),
  status TEXT NOT NULL,
  results {JSON},
  starttime {TS} NOT NULL,
  finishtime {TS});
CREATE INDEX commands_actionid_status ON commands (actionid, status);
CREATE INDEX commands_agentid ON commands (agentid);
CREATE INDEX commands_starttime ON commands (starttime);
CREATE TABLE agents_stats (
  timestamp {TS} NOT NULL,
  online_agents BIGINT,
  online_agents_by_version {JSON},
  online_endpoints BIGINT,
  idle_agents BIGINT,
  idle_agents_by_version {JSON},
  idle_endpoints BIGINT,
  new_endpoints BIGINT,
  multi_agents_endpoints BIGINT,
  disappeared_endpoints BIGINT,
  flapping_endpoints BIGINT);
CREATE INDEX agents_stats_timestamp ON agents_stats (timestamp);
CREATE TABLE loaders (
  id {SERIAL},
  loadername TEXT NOT NULL UNIQUE,
  keyprefix TEXT NOT NULL UNIQUE,
  loaderkey TEXT NOT NULL UNIQUE,
  salt TEXT NOT NULL,
  name TEXT,
  env {JSON},
  tags {JSON},
  lastseen {TS} NOT NULL,
  enabled {BOOL} NOT NULL DEFAULT {FALSE},
  expectenv TEXT,
  queueloc TEXT UNIQUE);
CREATE TABLE manifests (
  id {SERIAL},
  name TEXT NOT NULL,
  content TEXT NOT NULL,
  timestamp {TS} NOT NULL,
  status TEXT NOT NULL,
  target TEXT NOT NULL);
CREATE TABLE manifestsig (
  manifestid BIGINT NOT NULL REFERENCES manifests(id),
  investigatorid BIGINT NOT NULL REFERENCES investigators(id),
  pgpsignature TEXT NOT NULL,
  UNIQUE (manifestid, investigatorid));
)sql",
      // 2: agents' own relay identities (core/agent_credential.h): the SHA-256
      // of each agent's secret, enrolled on first use; a revoked row stays so
      // that the name cannot be enrolled again.
      R"sql(
CREATE TABLE agent_credentials (
  queueloc TEXT PRIMARY KEY,
  secretdigest TEXT NOT NULL,
  enrolledat {TS} NOT NULL,
  revokedat {TS});
)sql",
      // 3: who submitted each action through the API, apart from who signed
      // it (issue 13, finding 6); NULL for actions stored before.
      R"sql(
ALTER TABLE actions ADD COLUMN submitterid BIGINT REFERENCES investigators(id);
)sql",
      // 4: the first characters of each API key beside its hash, so that a
      // presented key is hashed only against the row it names (a hash
      // against every key cost ~1.8 ms per unauthenticated request). Keys
      // set before this migration have no prefix: checked the old way once,
      // then given theirs.
      R"sql(
ALTER TABLE investigators ADD COLUMN apikeyprefix TEXT;
CREATE INDEX investigators_apikeyprefix ON investigators (apikeyprefix);
)sql",
      // 5: when each agent becomes idle and offline if it falls silent,
      // from the heartbeat interval it declared (MIG's agents heartbeat
      // every 300 s, ours more often: one fixed timer took MIG's agents
      // offline between two heartbeats). NULL for rows from before: the
      // scheduler's timers apply to them.
      R"sql(
ALTER TABLE agents ADD COLUMN idleat {TS};
ALTER TABLE agents ADD COLUMN offlineat {TS};
)sql",
  };
  return kMigrations;
}

void ReplaceAll(std::string& s, const std::string& from, const std::string& to) {
  for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size()))
    s.replace(p, from.size(), to);
}

std::string ForDialect(std::string sql, SqlDialect d) {
  const bool pg = d == SqlDialect::kPostgres;
  ReplaceAll(sql, "{TS}", pg ? "TIMESTAMPTZ" : "TEXT");
  ReplaceAll(sql, "{JSON}", pg ? "JSONB" : "TEXT");
  ReplaceAll(sql, "{BOOL}", pg ? "BOOLEAN" : "INTEGER");
  ReplaceAll(sql, "{FALSE}", pg ? "false" : "0");
  ReplaceAll(sql, "{SERIAL}",
             pg ? "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
                : "INTEGER PRIMARY KEY AUTOINCREMENT");
  return sql;
}

// MIG-shaped first ID: whole seconds since 2013-04-29 18:00 UTC, plus one,
// shifted left by 16 (protocol.md 1.1). Later IDs come from the counter, so
// every process shares one sequence; 2^37 seconds of headroom below 2^53.
int64_t FirstId() {
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  return (now - 1367258400 + 1) << 16;
}

Status ApplyOne(Connection& c, int version) {
  Transaction tx(c);
  Status s = tx.Begin();
  if (!s.ok()) return s;
  if (c.dialect() == SqlDialect::kPostgres) {
    Result<Rows> lock = c.Query("SELECT pg_advisory_xact_lock(7201302)", {});
    if (!lock.ok()) return lock.status();
  }
  Result<Rows> have =
      c.Query("SELECT 1 FROM schema_version WHERE version = $1", {int64_t{version}});
  if (!have.ok()) return have.status();
  if (!have->empty()) return Status::Ok();  // another process applied it meanwhile
  s = c.ExecuteScript(ForDialect(Migrations()[version - 1], c.dialect()));
  if (!s.ok()) return s.Context("schema migration " + std::to_string(version));
  if (version == 1) {
    Result<int64_t> seed =
        c.Execute("INSERT INTO id_counter (one, next_id) VALUES (1, $1)", {FirstId()});
    if (!seed.ok()) return seed.status();
  }
  Result<int64_t> rec =
      c.Execute("INSERT INTO schema_version (version) VALUES ($1)", {int64_t{version}});
  if (!rec.ok()) return rec.status();
  return tx.Commit();
}

}  // namespace

int LatestSchemaVersion() {
  return static_cast<int>(Migrations().size());
}

Result<int> CurrentSchemaVersion(Connection& c) {
  Result<Rows> rows = c.Query("SELECT COALESCE(MAX(version), 0) FROM schema_version", {});
  if (!rows.ok()) return rows.status();
  return std::stoi(rows->at(0).at(0).value_or("0"));
}

Status Migrate(Connection& c) {
  Status s =
      c.ExecuteScript("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY)");
  if (!s.ok()) return s;
  Result<int> current = CurrentSchemaVersion(c);
  if (!current.ok()) return current.status();
  if (*current > LatestSchemaVersion())
    return Status::Error("database schema version " + std::to_string(*current) +
                         " is newer than this build knows (" +
                         std::to_string(LatestSchemaVersion()) + "); upgrade the binaries");
  for (int v = *current + 1; v <= LatestSchemaVersion(); ++v) {
    s = ApplyOne(c, v);
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace mig::store
