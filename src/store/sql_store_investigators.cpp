// Investigators: rows with permissions and hashed API keys.
#include "store/sql_rows.h"
#include "store/sql_store.h"

namespace mig::store {
namespace {

Status CheckStatus(const std::string& status) {
  if (status != "active" && status != "disabled")
    return Status::Error("investigator status '" + status + "' is not active or disabled");
  return Status::Ok();
}

template <typename T>
Result<std::optional<T>> First(Result<std::vector<T>> list) {
  if (!list.ok()) return list.status();
  if (list->empty()) return std::optional<T>();
  return std::optional<T>(std::move(list->front()));
}

}  // namespace

Result<std::vector<InvestigatorRecord>> SqlStore::LoadInvestigators(
    const std::string& tail, const std::vector<SqlParam>& params) {
  Result<Rows> rows = c_->Query(
      std::string("SELECT ") + kInvestigatorColumns + " FROM investigators " + tail, params);
  if (!rows.ok()) return rows.status();
  std::vector<InvestigatorRecord> out;
  for (const Row& row : *rows) {
    Result<InvestigatorRecord> r = InvestigatorFromRow(row);
    if (!r.ok()) return r.status();
    out.push_back(std::move(*r));
  }
  return out;
}

Result<Id> SqlStore::InsertInvestigator(const InvestigatorRecord& r) {
  const Investigator& i = r.info;
  if (i.name.empty()) return Result<Id>::Error("investigator name is empty");
  Status s = CheckStatus(i.status);
  if (!s.ok()) return s;
  Result<Rows> rows = c_->Query(
      "INSERT INTO investigators (name, pgpfingerprint, publickey, privatekey, status, createdat, "
      "lastmodified, permissions, apikey, apisalt) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) "
      "RETURNING id",
      {i.name, TextOrNull(i.pgp_fingerprint), TextOrNull(i.public_key), TextOrNull(r.private_key),
       i.status, TimeParam(i.created_at), TimeParam(i.last_modified),
       static_cast<int64_t>(r.permission_mask), TextOrNull(ToHex(r.api_key_hash)),
       TextOrNull(ToHex(r.api_salt))});
  if (!rows.ok()) return rows.status().Context("investigator '" + i.name + "'");
  return ToInt(rows->at(0).at(0));
}

Result<std::optional<InvestigatorRecord>> SqlStore::GetInvestigator(Id id) {
  return First(LoadInvestigators("WHERE investigators.id = $1", {id}));
}

Result<std::optional<InvestigatorRecord>> SqlStore::FindInvestigatorByFingerprint(
    const std::string& fingerprint) {
  return First(
      LoadInvestigators("WHERE UPPER(investigators.pgpfingerprint) = UPPER($1)", {fingerprint}));
}

Result<std::vector<InvestigatorRecord>> SqlStore::ActiveInvestigators() {
  return LoadInvestigators(
      "WHERE status = 'active' AND publickey IS NOT NULL ORDER BY investigators.id", {});
}

Result<std::vector<InvestigatorRecord>> SqlStore::InvestigatorsWithApiKeyPrefix(
    const std::string& prefix) {
  return LoadInvestigators(
      "WHERE apikeyprefix = $1 AND apikey IS NOT NULL AND apisalt IS NOT NULL "
      "ORDER BY investigators.id",
      {prefix});
}

Result<std::vector<InvestigatorRecord>> SqlStore::InvestigatorsWithUnprefixedApiKey() {
  return LoadInvestigators(
      "WHERE apikeyprefix IS NULL AND apikey IS NOT NULL AND apisalt IS NOT NULL "
      "ORDER BY investigators.id",
      {});
}

Result<std::optional<InvestigatorRecord>> SqlStore::SchedulerInvestigator() {
  return First(LoadInvestigators(
      "WHERE name = 'migscheduler' AND status = 'active' ORDER BY createdat, id LIMIT 1", {}));
}

Status SqlStore::SetInvestigatorStatus(Id id, const std::string& status) {
  Status s = CheckStatus(status);
  if (!s.ok()) return s;
  Result<int64_t> n =
      c_->Execute("UPDATE investigators SET status = $1 WHERE id = $2", {status, id});
  if (!n.ok()) return n.status();
  if (*n == 0) return Status::Error("investigator " + std::to_string(id) + " does not exist");
  return Status::Ok();
}

Status SqlStore::SetInvestigatorPermissions(Id id, uint64_t mask) {
  Result<int64_t> n = c_->Execute("UPDATE investigators SET permissions = $1 WHERE id = $2",
                                  {static_cast<int64_t>(mask), id});
  if (!n.ok()) return n.status();
  if (*n == 0) return Status::Error("investigator " + std::to_string(id) + " does not exist");
  return Status::Ok();
}

Status SqlStore::SetInvestigatorApiKey(Id id, const std::string& hash, const std::string& salt,
                                       const std::string& prefix) {
  if (hash.empty() || salt.empty()) return Status::Error("API key hash and salt must both be set");
  Result<int64_t> n = c_->Execute(
      "UPDATE investigators SET apikey = $1, apisalt = $2, apikeyprefix = $3 WHERE id = $4",
      {ToHex(hash), ToHex(salt), prefix, id});
  if (!n.ok()) return n.status();
  if (*n == 0) return Status::Error("investigator " + std::to_string(id) + " does not exist");
  return Status::Ok();
}

Result<std::vector<InvestigatorRecord>> SqlStore::SearchInvestigators(const InvestigatorQuery& q) {
  if (q.window.limit < 0 || q.window.offset < 0)
    return Result<std::vector<InvestigatorRecord>>::Error(
        "search limit and offset must be 0 or more");
  Params p;
  std::string where = "WHERE 1=1";
  if (q.investigator_id) where += " AND investigators.id = " + p.Add(*q.investigator_id);
  if (!q.name_like.empty()) where += " AND investigators.name" + Like(p, q.name_like);
  if (!q.status_like.empty()) where += " AND investigators.status" + Like(p, q.status_like);
  if (q.window.after)
    where += " AND investigators.lastmodified >= " + p.Add(TimeParam(*q.window.after));
  if (q.window.before)
    where += " AND investigators.lastmodified <= " + p.Add(TimeParam(*q.window.before));
  where += " ORDER BY investigators.id LIMIT " + p.Add(q.window.limit) + " OFFSET " +
           p.Add(q.window.offset);
  return LoadInvestigators(where, p.values());
}

}  // namespace mig::store
