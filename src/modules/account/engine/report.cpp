#include "modules/account/engine/report.h"

namespace mig::modules::account {

Report::Report(std::string operation, std::string user, bool dryrun)
    : operation_(std::move(operation)), user_(std::move(user)), dryrun_(dryrun) {}

void Report::Step(const std::string& step, const std::string& file, bool changed,
                  const std::string& detail, const OrderedJson& extra) {
  OrderedJson s;
  s["step"] = step;
  if (!file.empty()) s["file"] = file;
  s["changed"] = changed;
  s["detail"] = detail;
  for (const auto& [k, v] : extra.items())
    s[k] = v;
  steps_.push_back(std::move(s));
  changed_ = changed_ || changed;
}

ModuleResult Report::Finish() const {
  ModuleResult r;
  r.found_anything = changed_;
  r.success = errors_.empty();
  r.errors = errors_;
  OrderedJson e;
  e["operation"] = operation_;
  e["user"] = user_;
  if (uid_ >= 0) e["uid"] = uid_;
  e["dryrun"] = dryrun_;
  e["steps"] = steps_;
  r.elements = std::move(e);
  return r;
}

ModuleResult Report::Fail(const std::string& message) {
  steps_ = OrderedJson::array();  // planned steps were not done
  changed_ = false;
  errors_.push_back(message);
  return Finish();
}

}  // namespace mig::modules::account
