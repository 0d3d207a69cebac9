// The action JSON mig-api shows: MIG's action document plus
// "submitter":{"id":N,"name":"..."} when the store knows who submitted it
// (issue 13, finding 6). MIG's clients ignore keys they do not know.
#pragma once

#include <string>

#include "core/documents.h"
#include "core/status.h"
#include "store/store.h"

namespace mig::api {

Result<std::string> WriteApiAction(store::Store& store, const Action& action);

}  // namespace mig::api
