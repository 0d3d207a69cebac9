#include "modules/memory/result_shape.h"

#include "modules/go_format.h"

namespace mig::modules::memory {

OrderedJson Statistics(int64_t processes, uint64_t read, int64_t hits,
                       const std::vector<std::string>& failures, int64_t exec_ns) {
  OrderedJson s = OrderedJson::object();
  s["processcount"] = processes;
  s["memoryread"] = read;
  s["totalhits"] = hits;
  if (!failures.empty()) s["failures"] = failures;
  s["exectime"] = FormatGoDuration(exec_ns);
  return s;
}

ModuleResult FailureResult(const std::string& message) {
  ModuleResult r;
  r.elements = OrderedJson::object();
  r.statistics = Statistics(0, 0, 0, {}, 0);
  r.errors.push_back(message);
  return r;
}

}  // namespace mig::modules::memory
