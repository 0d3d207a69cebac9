#include "core/target/columns.h"

#include <array>

namespace mig {
namespace {

struct ColumnInfo {
  AgentColumn column;
  const char* name;
  ValueType type;
};

constexpr std::array<ColumnInfo, 14> kColumns = {{
    {AgentColumn::kId, "id", ValueType::kNumber},
    {AgentColumn::kName, "name", ValueType::kText},
    {AgentColumn::kQueueloc, "queueloc", ValueType::kText},
    {AgentColumn::kMode, "mode", ValueType::kText},
    {AgentColumn::kVersion, "version", ValueType::kText},
    {AgentColumn::kPid, "pid", ValueType::kNumber},
    {AgentColumn::kStarttime, "starttime", ValueType::kTime},
    {AgentColumn::kDestructiontime, "destructiontime", ValueType::kTime},
    {AgentColumn::kHeartbeattime, "heartbeattime", ValueType::kTime},
    {AgentColumn::kRefreshtime, "refreshtime", ValueType::kTime},
    {AgentColumn::kStatus, "status", ValueType::kText},
    {AgentColumn::kEnvironment, "environment", ValueType::kJson},
    {AgentColumn::kTags, "tags", ValueType::kJson},
    {AgentColumn::kLoadername, "loadername", ValueType::kText},
}};

const ColumnInfo& Info(AgentColumn column) {
  for (const ColumnInfo& info : kColumns) {
    if (info.column == column) return info;
  }
  return kColumns[0];  // unreachable: every enumerator is listed
}

}  // namespace

const char* AgentColumnName(AgentColumn column) {
  return Info(column).name;
}
ValueType AgentColumnType(AgentColumn column) {
  return Info(column).type;
}

namespace target_internal {

std::optional<AgentColumn> FindAgentColumn(std::string_view lower_name) {
  for (const ColumnInfo& info : kColumns) {
    if (lower_name == info.name) return info.column;
  }
  return std::nullopt;
}

std::string AgentColumnList() {
  std::string list;
  for (const ColumnInfo& info : kColumns) {
    if (!list.empty()) list += ", ";
    list += info.name;
  }
  return list;
}

}  // namespace target_internal
}  // namespace mig
