#include "core/signed_string.h"

#include "core/gojson.h"

namespace mig {

std::string SignedOperations(const Action& action) {
  if (!action.operations) return "null";
  std::string out = "[";
  bool first = true;
  for (const Operation& op : *action.operations) {
    if (!first) out += ',';
    first = false;
    out += "{\"module\":";
    AppendGoString(out, op.module);
    out += ",\"parameters\":";
    AppendGoJson(out, op.parameters);
    if (op.is_compressed) out += ",\"is_compressed\":true";
    if (op.want_compressed) out += ",\"want_compressed\":true";
    out += '}';
  }
  out += ']';
  return out;
}

std::string SignedString(const Action& action) {
  // name and target go in raw: no quoting, no escaping (MIG used %s).
  std::string out = "name=" + action.name + ";target=" + action.target +
                    ";validfrom=" + std::to_string(action.valid_from.Unix()) +
                    ";expireafter=%!s(int64=" + std::to_string(action.expire_after.Unix()) +
                    ");operations=" + SignedOperations(action) + ";";
  return out;
}

}  // namespace mig
