#include "api/action_document.h"

#include "core/documents_json.h"
#include "core/gojson.h"

namespace mig::api {

Result<std::string> WriteApiAction(store::Store& store, const Action& action) {
  std::string out = WriteAction(action);
  auto who = store.GetActionSubmitter(action.id);
  if (!who.ok()) return who.status().Context("who submitted action " + std::to_string(action.id));
  if (!*who || out.empty() || out.back() != '}') return out;
  // The document is one object: the key goes in before its closing brace.
  out.pop_back();
  out += ",\"submitter\":{\"id\":" + std::to_string((*who)->id) + ",\"name\":";
  AppendGoString(out, (*who)->name);
  out += "}}";
  return out;
}

}  // namespace mig::api
