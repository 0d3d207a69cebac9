#include "store/postgres/pg_connection.h"

#include <libpq-fe.h>

#include <algorithm>
#include <cstdio>
#include <string_view>
#include <type_traits>

#include "core/utf8.h"

namespace mig::store {
namespace {

// Type OIDs from pg_type.h (stable across PostgreSQL versions).
constexpr Oid kBoolOid = 16;
constexpr Oid kInt8Oid = 20;
constexpr Oid kFloat8Oid = 701;

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' '))
    s.pop_back();
  return s;
}

// A failed statement as a Status: SQLSTATE classes 22 (data exception: a
// value out of range, text jsonb cannot hold, a bad LIKE pattern) and 23
// (integrity constraint violation) are data errors, which the same input
// repeats; anything else (connection lost, server shutting down, lock
// timeout) may pass.
Status PgFailure(const PGresult* r, const std::string& message) {
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  if (state && (std::string_view(state).substr(0, 2) == "22" ||
                std::string_view(state).substr(0, 2) == "23"))
    return Status::DataError(message);
  return Status::Error(message);
}

// Text parameters and COPY values must be text PostgreSQL can hold; refused
// here, with the column's number, rather than by the server (NUL bytes would
// be cut off silently: libpq sends text parameters as C strings).
Status CheckTextParam(const std::string& text, size_t index) {
  std::string why = CheckStorableText(text);
  if (why.empty()) return Status::Ok();
  return Status::DataError("PostgreSQL: parameter " + std::to_string(index + 1) + " has " + why +
                           ", which text cannot hold");
}

// COPY text format: backslash escapes, \N for NULL.
void AppendCopyValue(std::string& out, const SqlParam& p) {
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          out += "\\N";
        } else if constexpr (std::is_same_v<T, bool>) {
          out += v ? "t" : "f";
        } else if constexpr (std::is_same_v<T, int64_t>) {
          out += std::to_string(v);
        } else if constexpr (std::is_same_v<T, double>) {
          char buf[32];
          std::snprintf(buf, sizeof buf, "%.17g", v);
          out += buf;
        } else {
          for (char c : v) {
            switch (c) {
              case '\\':
                out += "\\\\";
                break;
              case '\t':
                out += "\\t";
                break;
              case '\n':
                out += "\\n";
                break;
              case '\r':
                out += "\\r";
                break;
              default:
                out += c;
            }
          }
        }
      },
      p);
}

}  // namespace

Result<std::unique_ptr<PgConnection>> PgConnection::Open(const std::string& conninfo) {
  using R = Result<std::unique_ptr<PgConnection>>;
  PGconn* c = PQconnectdb(conninfo.c_str());
  if (c == nullptr) return R::Error("PostgreSQL: out of memory while connecting");
  if (PQstatus(c) != CONNECTION_OK) {
    std::string msg = Trim(PQerrorMessage(c));
    PQfinish(c);
    return R::Error("cannot connect to PostgreSQL: " + msg);
  }
  std::unique_ptr<PgConnection> conn(new PgConnection(c));
  Status s = conn->SetupSession();
  if (!s.ok()) return s;
  return R(std::move(conn));
}

PgConnection::~PgConnection() {
  PQfinish(conn_);
}

Status PgConnection::SetupSession() {
  PGresult* r = PQexec(conn_,
                       "SET TimeZone = 'UTC'; SET DateStyle = 'ISO'; "
                       "SET client_encoding = 'UTF8'; SET client_min_messages = 'warning'");
  ResultPtr guard(r);
  if (PQresultStatus(r) != PGRES_COMMAND_OK)
    return Status::Error("PostgreSQL session setup: " + Trim(PQerrorMessage(conn_)));
  return Status::Ok();
}

bool PgConnection::Reconnect() {
  PQreset(conn_);
  return PQstatus(conn_) == CONNECTION_OK && SetupSession().ok();
}

Result<PGresult*> PgConnection::ExecOnce(const std::string& sql,
                                         const std::vector<SqlParam>& params) {
  std::vector<std::string> text(params.size());
  std::vector<const char*> values(params.size(), nullptr);
  std::vector<Oid> types(params.size(), 0);
  for (size_t i = 0; i < params.size(); ++i) {
    bool is_null = false;
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::monostate>) {
            is_null = true;
          } else if constexpr (std::is_same_v<T, bool>) {
            text[i] = v ? "true" : "false";
            types[i] = kBoolOid;
          } else if constexpr (std::is_same_v<T, int64_t>) {
            text[i] = std::to_string(v);
            types[i] = kInt8Oid;
          } else if constexpr (std::is_same_v<T, double>) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%.17g", v);
            text[i] = buf;
            types[i] = kFloat8Oid;
          } else {
            text[i] = v;
          }
        },
        params[i]);
    if (Status t = CheckTextParam(text[i], i); !t.ok()) return t;
    if (!is_null) values[i] = text[i].c_str();
  }
  PGresult* r = PQexecParams(conn_, sql.c_str(), static_cast<int>(params.size()), types.data(),
                             values.data(), nullptr, nullptr, 0);
  ExecStatusType st = PQresultStatus(r);
  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return r;
  std::string msg = Trim(r ? PQresultErrorMessage(r) : PQerrorMessage(conn_));
  Status failure = PgFailure(r, "PostgreSQL: " + msg);
  PQclear(r);
  return failure;
}

Result<PGresult*> PgConnection::Exec(const std::string& sql, const std::vector<SqlParam>& params) {
  Result<PGresult*> r = ExecOnce(sql, params);
  if (r.ok() || in_tx_ || PQstatus(conn_) == CONNECTION_OK) return r;
  // The link dropped outside a transaction: nothing half-done to lose.
  if (!Reconnect()) return Result<PGresult*>::Error(r.error() + " (reconnect failed)");
  return ExecOnce(sql, params);
}

Result<Rows> PgConnection::Query(const std::string& sql, const std::vector<SqlParam>& params) {
  Result<PGresult*> r = Exec(sql, params);
  if (!r.ok()) return r.status();
  ResultPtr res(*r);
  Rows rows;
  const int nrows = PQntuples(res.get());
  const int ncols = PQnfields(res.get());
  rows.reserve(nrows);
  for (int i = 0; i < nrows; ++i) {
    Row row(ncols);
    for (int c = 0; c < ncols; ++c) {
      if (!PQgetisnull(res.get(), i, c))
        row[c] = std::string(PQgetvalue(res.get(), i, c), PQgetlength(res.get(), i, c));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

Result<Rows> PgConnection::QueryReadOnly(const std::string& sql,
                                         const std::vector<SqlParam>& params) {
  if (in_tx_) return Result<Rows>::Error("PostgreSQL: read-only query inside a write transaction");
  Result<Rows> begin = Query("BEGIN READ ONLY", {});
  if (!begin.ok()) return begin.status();
  in_tx_ = true;
  Result<Rows> rows = Query(sql, params);
  if (!rows.ok()) {
    Rollback();
    return rows;
  }
  Status c = Commit();
  if (!c.ok()) return c;
  return rows;
}

Result<int64_t> PgConnection::Execute(const std::string& sql, const std::vector<SqlParam>& params) {
  Result<PGresult*> r = Exec(sql, params);
  if (!r.ok()) return r.status();
  ResultPtr res(*r);
  const char* n = PQcmdTuples(res.get());
  return n && *n ? std::stoll(n) : int64_t{0};
}

Status PgConnection::ExecuteScript(const std::string& sql) {
  ResultPtr r(PQexec(conn_, sql.c_str()));
  ExecStatusType st = PQresultStatus(r.get());
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
    return Status::Error("PostgreSQL script failed: " + Trim(PQerrorMessage(conn_)));
  return Status::Ok();
}

Status PgConnection::BulkInsert(const std::string& table, const std::vector<std::string>& columns,
                                const std::vector<std::vector<SqlParam>>& rows) {
  if (rows.empty()) return Status::Ok();
  std::string sql = "COPY " + table + " (";
  for (size_t c = 0; c < columns.size(); ++c)
    sql += (c ? "," : "") + columns[c];
  sql += ") FROM STDIN";
  ResultPtr start(PQexec(conn_, sql.c_str()));
  if (PQresultStatus(start.get()) != PGRES_COPY_IN)
    return Status::Error("PostgreSQL COPY into " + table + ": " + Trim(PQerrorMessage(conn_)));
  std::string buf;
  std::string failure;
  bool data_failure = false;
  for (size_t r = 0; r < rows.size() && failure.empty(); ++r) {
    if (rows[r].size() != columns.size()) {
      failure = "row " + std::to_string(r) + " has " + std::to_string(rows[r].size()) +
                " values, expected " + std::to_string(columns.size());
      break;
    }
    for (size_t c = 0; c < columns.size() && failure.empty(); ++c) {
      if (const auto* text = std::get_if<std::string>(&rows[r][c])) {
        if (Status t = CheckTextParam(*text, c); !t.ok()) {
          failure = "row " + std::to_string(r) + ", column " + columns[c] + ": " + t.message();
          data_failure = true;
        }
      }
      if (c) buf += '\t';
      AppendCopyValue(buf, rows[r][c]);
    }
    if (!failure.empty()) break;
    buf += '\n';
    if (buf.size() > (1 << 20) || r + 1 == rows.size()) {
      if (PQputCopyData(conn_, buf.data(), static_cast<int>(buf.size())) != 1)
        failure = Trim(PQerrorMessage(conn_));
      buf.clear();
    }
  }
  PQputCopyEnd(conn_, failure.empty() ? nullptr : failure.c_str());
  ResultPtr end(PQgetResult(conn_));
  const bool ok = PQresultStatus(end.get()) == PGRES_COMMAND_OK;
  std::string msg = ok ? "" : Trim(PQresultErrorMessage(end.get()));
  Status server_failure = ok ? Status::Ok() : PgFailure(end.get(), "");
  while (PGresult* extra = PQgetResult(conn_))
    PQclear(extra);
  if (!failure.empty()) {
    const std::string text = "PostgreSQL COPY into " + table + ": " + failure;
    return data_failure ? Status::DataError(text) : Status::Error(text);
  }
  if (!ok) {
    const std::string text = "PostgreSQL COPY into " + table + ": " + msg;
    return server_failure.is_data_error() ? Status::DataError(text) : Status::Error(text);
  }
  return Status::Ok();
}

Result<int64_t> PgConnection::BulkUpdate(const std::string& table,
                                         const std::vector<BulkColumn>& columns,
                                         const std::vector<std::vector<SqlParam>>& rows) {
  if (columns.size() < 2) return Result<int64_t>::Error("bulk update needs a key and a column");
  // PostgreSQL takes at most 65535 parameters in one statement.
  const size_t per_stmt = std::min<size_t>(1000, 65535 / columns.size());
  std::string head = "UPDATE " + table + " AS t SET ";
  for (size_t c = 1; c < columns.size(); ++c)
    head += (c > 1 ? ", " : "") + columns[c].name + " = v." + columns[c].name;
  std::string alias = ") AS v(";
  for (size_t c = 0; c < columns.size(); ++c)
    alias += (c ? "," : "") + columns[c].name;
  alias += ") WHERE t." + columns[0].name + " = v." + columns[0].name;
  int64_t changed = 0;
  for (size_t done = 0; done < rows.size();) {
    const size_t take = std::min(per_stmt, rows.size() - done);
    std::string sql = head + " FROM (VALUES ";
    std::vector<SqlParam> params;
    params.reserve(take * columns.size());
    for (size_t r = done; r < done + take; ++r) {
      if (rows[r].size() != columns.size())
        return Result<int64_t>::Error("bulk update of " + table + ": row " + std::to_string(r) +
                                      " has " + std::to_string(rows[r].size()) +
                                      " values, expected " + std::to_string(columns.size()));
      sql += r > done ? ",(" : "(";
      for (size_t c = 0; c < columns.size(); ++c) {
        params.push_back(rows[r][c]);
        sql += (c ? ",$" : "$") + std::to_string(params.size()) + "::" + columns[c].pg_type;
      }
      sql += ")";
    }
    Result<int64_t> n = Execute(sql + alias, params);
    if (!n.ok()) return n.status().Context("bulk update of " + table);
    changed += *n;
    done += take;
  }
  return changed;
}

Status PgConnection::Begin() {
  Result<Rows> r = Query("BEGIN", {});
  if (!r.ok()) return r.status();
  in_tx_ = true;
  return Status::Ok();
}

Status PgConnection::Commit() {
  in_tx_ = false;
  return ExecuteScript("COMMIT");
}

void PgConnection::Rollback() {
  in_tx_ = false;
  ResultPtr r(PQexec(conn_, "ROLLBACK"));
}

}  // namespace mig::store
