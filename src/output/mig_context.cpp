#include "output/mig_context.h"

#include "output/finding_facts.h"

namespace mig::output {

OrderedJson Investigators(const Action& action) {
  OrderedJson list = OrderedJson::array();
  for (const auto& i : action.investigators)
    list.push_back({{"name", i.name}, {"pgp_fingerprint", i.pgp_fingerprint}});
  return list;
}

OrderedJson MigContext(const Finding& f, const Action& action, const Command& command) {
  const Action& a = action;
  OrderedJson threat = OrderedJson::object();
  if (!a.threat.ref.empty()) threat["ref"] = a.threat.ref;
  if (!a.threat.level.empty()) threat["level"] = a.threat.level;
  if (!a.threat.family.empty()) threat["family"] = a.threat.family;
  if (!a.threat.type.empty()) threat["type"] = a.threat.type;
  OrderedJson j;
  j["action"] = {{"id", a.id}, {"name", a.name}, {"threat", threat}};
  j["command"] = {{"id", command.id}, {"status", command.status}};
  j["agent"] = {{"id", command.agent.id}, {"queueloc", command.agent.queue_loc}};
  j["investigators"] = Investigators(a);
  j["module"] = f.module;
  j["operation"] = f.operation;
  j["outcome"] = OutcomeName(f.outcome);
  if (!f.criterion.empty()) j["criterion"] = f.criterion;
  if (!f.errors.empty()) j["errors"] = f.errors;
  j["element"] = f.evidence;
  return j;
}

}  // namespace mig::output
