// Agents' relay identities: one row per enrolled queue location.
#include "store/in_list.h"
#include "store/sql_rows.h"
#include "store/sql_store.h"

namespace mig::store {
namespace {

constexpr const char* kCredentialColumns = "queueloc, secretdigest, enrolledat, revokedat";

Result<AgentCredentialRecord> CredentialFromRow(const Row& row) {
  AgentCredentialRecord r;
  r.queue_loc = row.at(0).value_or("");
  r.secret_digest = row.at(1).value_or("");
  Result<Time> enrolled = ParseDbTimeOr(row.at(2));
  if (!enrolled.ok()) return enrolled.status();
  r.enrolled_at = *enrolled;
  if (row.at(3)) {
    Result<Time> revoked = ParseDbTimeOr(row.at(3));
    if (!revoked.ok()) return revoked.status();
    r.revoked_at = *revoked;
  }
  return r;
}

Result<std::vector<AgentCredentialRecord>> CredentialsFromRows(Result<Rows> rows) {
  if (!rows.ok()) return rows.status();
  std::vector<AgentCredentialRecord> out;
  for (const Row& row : *rows) {
    Result<AgentCredentialRecord> r = CredentialFromRow(row);
    if (!r.ok()) return r.status();
    out.push_back(std::move(*r));
  }
  return out;
}

}  // namespace

Result<std::optional<AgentCredentialRecord>> SqlStore::GetAgentCredential(
    const std::string& queue_loc) {
  auto list = CredentialsFromRows(c_->Query(
      std::string("SELECT ") + kCredentialColumns + " FROM agent_credentials WHERE queueloc = $1",
      {queue_loc}));
  if (!list.ok()) return list.status();
  if (list->empty()) return std::optional<AgentCredentialRecord>();
  return std::optional<AgentCredentialRecord>(std::move(list->front()));
}

Result<bool> SqlStore::EnrollAgentCredential(const AgentCredentialRecord& r) {
  if (r.queue_loc.empty() || r.secret_digest.empty())
    return Result<bool>::Error("an agent identity needs a queue location and a secret digest");
  // Both dialects: a concurrent enrollment of the same name loses quietly.
  Result<int64_t> n = c_->Execute(
      "INSERT INTO agent_credentials (queueloc, secretdigest, enrolledat) VALUES ($1,$2,$3) "
      "ON CONFLICT (queueloc) DO NOTHING",
      {r.queue_loc, r.secret_digest, TimeParam(r.enrolled_at)});
  if (!n.ok()) return n.status().Context("enrolling agent identity " + r.queue_loc);
  return *n == 1;
}

Result<bool> SqlStore::RevokeAgentCredential(const std::string& queue_loc, Time now) {
  Result<int64_t> n = c_->Execute(
      "UPDATE agent_credentials SET revokedat = COALESCE(revokedat, $2) WHERE queueloc = $1",
      {queue_loc, TimeParam(now)});
  if (!n.ok()) return n.status();
  return *n > 0;
}

Result<std::vector<AgentCredentialRecord>> SqlStore::ListAgentCredentials(int64_t limit,
                                                                          int64_t offset) {
  return CredentialsFromRows(c_->Query(std::string("SELECT ") + kCredentialColumns +
                                           " FROM agent_credentials ORDER BY enrolledat, "
                                           "queueloc LIMIT $1 OFFSET $2",
                                       {limit, offset}));
}

Result<std::vector<std::string>> SqlStore::EnrolledAmong(std::vector<std::string> queue_locs) {
  std::vector<std::string> out;
  Status s = ForEachInListChunk(
      std::move(queue_locs), [&](const std::string& list, const Params& p) -> Status {
        Result<Rows> rows = c_->Query(
            "SELECT DISTINCT queueloc FROM agent_credentials WHERE queueloc IN (" + list + ")",
            p.values());
        if (!rows.ok()) return rows.status();
        for (const Row& row : *rows)
          out.push_back(row.at(0).value_or(""));
        return Status::Ok();
      });
  if (!s.ok()) return s;
  return out;
}

}  // namespace mig::store
