// Reading and writing the documents of documents.h exactly as MIG's Go code
// does (protocol.md 1, 2, 5, 6).
//
// Reading: keys match like Go (exact spelling first, then case-insensitive),
// null means absent, wrong types and missing required fields give an error
// naming the path (`action.operations[1].module: expected a string, got
// number`). Unknown top-level fields of an action or a command are refused;
// deeper unknown fields are ignored like Go does (they are not signed).
// IDs are accepted as integers or floats (6.115472790658567e+18) but must be
// integral and below 2^53.
//
// Writing: Go's field order and omitempty rules, compact, HTML-safe strings,
// IDs as integers, times as RFC 3339 in UTC. Wrap with IndentGoJson (gojson.h)
// for MarshalIndent-style files.
#pragma once

#include <string>
#include <string_view>

#include "core/documents.h"
#include "core/gojson.h"
#include "core/status.h"

namespace mig {

// Action (protocol.md 2). Requires name, target, validfrom, expireafter and
// the operations key (null allowed: validation rejects it later). Operations
// keep module, parameters, is_compressed, want_compressed; other keys drop.
Result<Action> ParseAction(std::string_view text, size_t max_bytes = kDefaultMaxJsonBytes);
Result<Action> ActionFromJson(const Json& doc, const std::string& path = "action");
std::string WriteAction(const Action& action);
void AppendAction(std::string& out, const Action& action);

// Command (protocol.md 5). Requires id and action.
Result<Command> ParseCommand(std::string_view text, size_t max_bytes = kDefaultMaxJsonBytes);
Result<Command> CommandFromJson(const Json& doc, const std::string& path = "command");
std::string WriteCommand(const Command& command);

// Module result (protocol.md 5.2).
Result<ModuleResult> ModuleResultFromJson(const Json& doc, const std::string& path = "result");
std::string WriteModuleResult(const ModuleResult& result);
void AppendModuleResult(std::string& out, const ModuleResult& result);

// Agent in the legacy lowercase format (protocol.md 6.2): AMQP heartbeats,
// agent rows returned by the API, the agent object inside a command.
Result<Agent> ParseAgent(std::string_view text, size_t max_bytes = kDefaultMaxJsonBytes);
Result<Agent> AgentFromJson(const Json& doc, const std::string& path = "agent");
std::string WriteAgent(const Agent& agent);
void AppendAgent(std::string& out, const Agent& agent);

// The HTTP heartbeat (protocol.md 6.1): camelCase keys, tags as a list of
// {name,value}. startTime (the send time) lands in Agent::start_time and
// refreshTime in Agent::refresh_time; the API decides what to store.
Result<Agent> ParseHeartbeat(std::string_view text, size_t max_bytes = kDefaultMaxJsonBytes);
Result<Agent> HeartbeatFromJson(const Json& doc, const std::string& path = "heartbeat");
std::string WriteHeartbeat(const Agent& agent);

// Investigator (api.md 3 and 6): publickey is base64 of the armored key,
// permissions an object of booleans; Investigator::permissions holds the
// names whose value is true.
Result<Investigator> InvestigatorFromJson(const Json& doc,
                                          const std::string& path = "investigator");
// include_public_key=false is the form embedded in actions.
std::string WriteInvestigator(const Investigator& inv, bool include_public_key = true);

}  // namespace mig
