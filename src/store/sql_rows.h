// Column lists shared by the store's queries and the readers that turn their
// rows back into documents. Internal to src/store.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/documents.h"
#include "store/records.h"
#include "store/sql/connection.h"

namespace mig::store {

// SELECT lists; the readers expect exactly these columns from `offset`.
extern const char* const kAgentColumns;         // 14 columns, qualified "agents."
extern const char* const kActionColumns;        // 14 columns, qualified "actions."
extern const char* const kInvestigatorColumns;  // 11 columns, qualified "investigators."
constexpr size_t kAgentColumnCount = 14;
constexpr size_t kActionColumnCount = 14;

Result<Agent> AgentFromRow(const Row& row, size_t offset = 0);
Result<Action> ActionFromRow(const Row& row, size_t offset = 0);
Result<InvestigatorRecord> InvestigatorFromRow(const Row& row, size_t offset = 0);

// Integer column value; 0 when NULL or not a number.
int64_t ToInt(const std::optional<std::string>& v);
// A time column; the zero time for NULL.
Result<Time> ParseDbTimeOr(const std::optional<std::string>& v);
// Time as a parameter (the fixed-width text both stores parse).
SqlParam TimeParam(const Time& t);
// NULL for an empty string, the string otherwise.
SqlParam TextOrNull(const std::string& s);
// Raw bytes <-> lowercase hex (key material is stored as hex text).
std::string ToHex(const std::string& bytes);
std::string FromHex(const std::string& hex);

// Builds "$N" placeholders while collecting their values.
class Params {
 public:
  std::string Add(SqlParam p) {
    values_.push_back(std::move(p));
    return "$" + std::to_string(values_.size());
  }
  // "$a,$b,$c" for a list of IDs.
  std::string AddList(const std::vector<int64_t>& ids) {
    std::string out;
    for (int64_t id : ids)
      out += (out.empty() ? "" : ",") + Add(id);
    return out;
  }
  const std::vector<SqlParam>& values() const { return values_; }

 private:
  std::vector<SqlParam> values_;
};

}  // namespace mig::store
