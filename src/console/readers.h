// The reader modes: one document of the API at a time, with commands to look
// at it from several sides (components.md 10).
#pragma once

#include <string>

#include "console/session.h"
#include "core/gojson.h"

namespace mig::console {

// Each fetches the document first; when that fails the error is printed and
// the console stays where it was.
void ActionReader(Session& s, long long id);
void AgentReader(Session& s, long long id);
void CommandReader(Session& s, long long id);
void InvestigatorReader(Session& s, long long id);

// GET <type>?<type>id=<id> and the item's <type> value.
Result<Json> FetchDocument(Session& s, const std::string& type, long long id);

// FetchDocument into `doc`, for the readers' entry and reload: on failure
// prints "error: ..." and leaves `doc` as it was. Returns whether it fetched.
bool FetchOrPrintError(Session& s, const std::string& type, long long id, Json& doc);

// Prints every command result of an action: mode is found, notfound or all.
void PrintActionResults(Session& s, long long action_id, const std::string& mode);

}  // namespace mig::console
