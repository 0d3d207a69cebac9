// Schema, IDs, factories and the JSON helper of SqlStore.
#include "store/sql_store.h"

#include "store/migrations.h"
#include "store/postgres/pg_connection.h"
#include "store/sql_rows.h"
#include "store/sqlite/sqlite_connection.h"

namespace mig::store {
namespace {

template <typename Conn>
Result<std::unique_ptr<Store>> OpenWith(Result<std::unique_ptr<Conn>> conn) {
  if (!conn.ok()) return conn.status();
  auto store = std::make_unique<SqlStore>(std::move(*conn));
  Status s = store->Migrate();
  if (!s.ok()) return s;
  return Result<std::unique_ptr<Store>>(std::move(store));
}

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path) {
  return OpenWith(SqliteConnection::Open(path));
}

Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& conninfo) {
  return OpenWith(PgConnection::Open(conninfo));
}

Status SqlStore::Migrate() {
  return mig::store::Migrate(*c_);
}

Result<int> SqlStore::SchemaVersion() {
  return CurrentSchemaVersion(*c_);
}

Result<Id> SqlStore::AllocateIds(int64_t count) {
  if (count <= 0) return Result<Id>::Error("AllocateIds: count must be positive");
  Result<Rows> r = c_->Query(
      "UPDATE id_counter SET next_id = next_id + $1 WHERE one = 1 RETURNING next_id - $1", {count});
  if (!r.ok()) return r.status();
  if (r->empty()) return Result<Id>::Error("id_counter row is missing; was the schema migrated?");
  Id first = ToInt(r->at(0).at(0));
  if (first + count >= (int64_t{1} << 53))
    return Result<Id>::Error("ID space exhausted (IDs must stay below 2^53)");
  return first;
}

std::string SqlStore::StorableJson(std::string json) {
  // jsonb cannot hold U+0000: store U+2400 (the visible "NUL" symbol) instead
  // of MIG's ambiguous text "NULL", on both stores so that they answer alike.
  // Only real escapes are touched, not "\\u0000".
  if (json.find("\\u0000") == std::string::npos) return json;
  std::string out;
  out.reserve(json.size());
  for (size_t i = 0; i < json.size(); ++i) {
    if (json[i] == '\\' && i + 1 < json.size()) {
      if (json.compare(i, 6, "\\u0000") == 0) {
        out += "\\u2400";
        i += 5;
      } else {
        out += json[i];
        out += json[++i];
      }
      continue;
    }
    out += json[i];
  }
  return out;
}

}  // namespace mig::store
