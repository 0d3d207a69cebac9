#include "schema.h"

#include <arpa/inet.h>

#include <regex>
#include <set>

namespace mig::output::test {
namespace {

using F = FieldType;
constexpr bool kRequired = true;
constexpr bool kOptional = false;

// What both OCSF finding classes share (OCSF 1.3.0 base event, finding,
// metadata, product, finding_info, analytic, device, os, agent).
std::vector<Field> OcsfCommon() {
  return {
      {"class_uid", F::kInteger, kRequired},
      {"class_name", F::kString, kRequired},
      {"category_uid", F::kInteger, kRequired},
      {"category_name", F::kString, kRequired},
      {"activity_id", F::kInteger, kRequired},
      {"activity_name", F::kString, kRequired},
      {"type_uid", F::kInteger, kRequired},
      {"type_name", F::kString, kRequired},
      {"severity_id", F::kInteger, kRequired},
      {"severity", F::kString, kRequired},
      {"status_id", F::kInteger, kRequired},
      {"status", F::kString, kRequired},
      {"status_code", F::kString, kRequired},
      {"status_detail", F::kString, kOptional},
      {"time", F::kInteger, kRequired},
      {"message", F::kString, kRequired},
      {"metadata", F::kObject, kRequired},
      {"metadata.version", F::kString, kRequired},
      {"metadata.product", F::kObject, kRequired},
      {"metadata.product.name", F::kString, kRequired},
      {"metadata.product.vendor_name", F::kString, kRequired},
      {"metadata.product.version", F::kString, kRequired},
      {"metadata.product.feature", F::kObject, kRequired},
      {"metadata.product.feature.name", F::kString, kRequired},
      {"metadata.uid", F::kString, kRequired},
      {"metadata.correlation_uid", F::kString, kRequired},
      {"metadata.log_name", F::kString, kRequired},
      {"metadata.labels", F::kStringArray, kRequired},
      {"finding_info", F::kObject, kRequired},
      {"finding_info.uid", F::kString, kRequired},
      {"finding_info.title", F::kString, kRequired},
      {"finding_info.desc", F::kString, kOptional},
      {"finding_info.types", F::kStringArray, kRequired},
      {"finding_info.created_time", F::kInteger, kRequired},
      {"finding_info.analytic", F::kObject, kRequired},
      {"finding_info.analytic.uid", F::kString, kRequired},
      {"finding_info.analytic.name", F::kString, kRequired},
      {"finding_info.analytic.type_id", F::kInteger, kRequired},
      {"finding_info.analytic.type", F::kString, kRequired},
      {"finding_info.data_sources", F::kStringArray, kRequired},
      {"device", F::kObject, kRequired},
      {"device.type_id", F::kInteger, kRequired},
      {"device.type", F::kString, kRequired},
      {"device.hostname", F::kString, kOptional},
      {"device.name", F::kString, kOptional},
      {"device.uid", F::kString, kRequired},
      {"device.ip", F::kIp, kOptional},
      {"device.os", F::kObject, kRequired},
      {"device.os.name", F::kString, kRequired},
      {"device.os.type_id", F::kInteger, kRequired},
      {"device.os.type", F::kString, kRequired},
      {"device.agent_list", F::kObjectArray, kRequired},
      {"device.agent_list[].uid", F::kString, kRequired},
      {"device.agent_list[].name", F::kString, kRequired},
      {"device.agent_list[].version", F::kString, kRequired},
      {"device.agent_list[].type_id", F::kInteger, kRequired},
      {"device.agent_list[].type", F::kString, kRequired},
      {"device.agent_list[].vendor_name", F::kString, kRequired},
      // MIG's own facts, as OCSF keeps what it does not model.
      {"unmapped", F::kObject, kRequired},
      {"unmapped.mig", F::kObject, kRequired},
      {"unmapped.mig.action", F::kObject, kRequired},
      {"unmapped.mig.action.id", F::kInteger, kRequired},
      {"unmapped.mig.action.name", F::kString, kRequired},
      {"unmapped.mig.action.threat", F::kObject, kRequired},
      {"unmapped.mig.action.threat.ref", F::kString, kOptional},
      {"unmapped.mig.action.threat.level", F::kString, kOptional},
      {"unmapped.mig.action.threat.family", F::kString, kOptional},
      {"unmapped.mig.action.threat.type", F::kString, kOptional},
      {"unmapped.mig.command", F::kObject, kRequired},
      {"unmapped.mig.command.id", F::kInteger, kRequired},
      {"unmapped.mig.command.status", F::kString, kRequired},
      {"unmapped.mig.agent", F::kObject, kRequired},
      {"unmapped.mig.agent.id", F::kInteger, kRequired},
      {"unmapped.mig.agent.queueloc", F::kString, kRequired},
      {"unmapped.mig.investigators", F::kObjectArray, kRequired},
      {"unmapped.mig.investigators[].name", F::kString, kRequired},
      {"unmapped.mig.investigators[].pgp_fingerprint", F::kString, kRequired},
      {"unmapped.mig.module", F::kString, kRequired},
      {"unmapped.mig.operation", F::kInteger, kRequired},
      {"unmapped.mig.outcome", F::kString, kRequired},
      {"unmapped.mig.criterion", F::kString, kOptional},
      {"unmapped.mig.errors", F::kStringArray, kOptional},
  };
}

Schema Make(std::string name, std::vector<Field> common, std::vector<Field> own) {
  common.insert(common.end(), own.begin(), own.end());
  return Schema{std::move(name), std::move(common)};
}

bool IsIp(const nlohmann::json& v) {
  if (!v.is_string()) return false;
  const std::string s = v.get<std::string>();
  unsigned char buf[16];
  return s.find('\0') == std::string::npos &&
         (inet_pton(AF_INET, s.c_str(), buf) == 1 || inet_pton(AF_INET6, s.c_str(), buf) == 1);
}

bool HasType(const nlohmann::json& v, FieldType t) {
  static const std::regex iso(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)");
  switch (t) {
    case F::kString:
      return v.is_string();
    case F::kInteger:
      return v.is_number_integer();
    case F::kBoolean:
      return v.is_boolean();
    case F::kObject:
      return v.is_object();
    case F::kJson:
      return true;
    case F::kStringArray:
      if (!v.is_array()) return false;
      for (const auto& e : v)
        if (!e.is_string()) return false;
      return true;
    case F::kObjectArray:
      if (!v.is_array()) return false;
      for (const auto& e : v)
        if (!e.is_object()) return false;
      return true;
    case F::kIp:
      return IsIp(v);
    case F::kIpArray:
      if (!v.is_array()) return false;
      for (const auto& e : v)
        if (!IsIp(e)) return false;
      return true;
    case F::kIsoTime:
      return v.is_string() && std::regex_match(v.get<std::string>(), iso);
  }
  return false;
}

// Every value found at path (several under arrays), with the concrete path.
void Collect(const nlohmann::json& node, const std::string& path, const std::string& here,
             std::vector<std::pair<std::string, const nlohmann::json*>>& out) {
  if (path.empty()) {
    out.emplace_back(here, &node);
    return;
  }
  const size_t dot = path.find('.');
  std::string part = path.substr(0, dot);
  const std::string rest = dot == std::string::npos ? "" : path.substr(dot + 1);
  const bool each = part.size() > 2 && part.compare(part.size() - 2, 2, "[]") == 0;
  if (each) part.resize(part.size() - 2);
  if (!node.is_object() || !node.contains(part)) return;
  const std::string at = here.empty() ? part : here + "." + part;
  if (!each) {
    Collect(node[part], rest, at, out);
    return;
  }
  if (!node[part].is_array()) return;
  for (size_t i = 0; i < node[part].size(); ++i)
    Collect(node[part][i], rest, at + "[" + std::to_string(i) + "]", out);
}

// Fields present in doc that the schema does not describe (below kJson
// fields, anything goes).
void Unlisted(const nlohmann::json& node, const std::string& pattern, const std::string& here,
              const std::set<std::string>& known, const std::set<std::string>& open,
              std::vector<std::string>& out) {
  if (!node.is_object()) return;
  for (const auto& [key, value] : node.items()) {
    const std::string p = pattern.empty() ? key : pattern + "." + key;
    const std::string h = here.empty() ? key : here + "." + key;
    if (open.count(p)) continue;
    if (!known.count(p)) {
      out.push_back(h + ": not in the description of this class");
      continue;
    }
    if (value.is_object()) Unlisted(value, p, h, known, open, out);
    if (value.is_array()) {
      for (size_t i = 0; i < value.size(); ++i)
        Unlisted(value[i], p + "[]", h + "[" + std::to_string(i) + "]", known, open, out);
    }
  }
}

}  // namespace

const Schema& OcsfComplianceFinding() {
  static const Schema s = Make("OCSF 1.3.0 Compliance Finding", OcsfCommon(),
                               {
                                   {"compliance", F::kObject, kRequired},
                                   {"compliance.standards", F::kStringArray, kRequired},
                                   {"compliance.control", F::kString, kOptional},
                                   {"compliance.requirements", F::kStringArray, kOptional},
                                   {"compliance.status_id", F::kInteger, kRequired},
                                   {"compliance.status", F::kString, kRequired},
                                   {"compliance.status_detail", F::kString, kOptional},
                                   {"resources", F::kObjectArray, kOptional},
                                   {"resources[].name", F::kString, kRequired},
                                   {"resources[].type", F::kString, kRequired},
                                   {"resources[].data", F::kObject, kRequired},
                                   {"resources[].data.result", F::kBoolean, kRequired},
                                   {"unmapped.mig.element", F::kJson, kRequired},
                               });
  return s;
}

const Schema& OcsfDetectionFinding() {
  static const Schema s =
      Make("OCSF 1.3.0 Detection Finding", OcsfCommon(),
           {
               {"evidences", F::kObjectArray, kRequired},
               {"evidences[].data", F::kJson, kRequired},
               {"evidences[].file", F::kObject, kOptional},
               {"evidences[].file.name", F::kString, kRequired},
               {"evidences[].file.path", F::kString, kRequired},
               {"evidences[].file.type_id", F::kInteger, kRequired},
               {"evidences[].file.type", F::kString, kRequired},
               {"evidences[].file.size", F::kInteger, kOptional},
               {"evidences[].file.hashes", F::kObjectArray, kOptional},
               {"evidences[].file.hashes[].algorithm_id", F::kInteger, kRequired},
               {"evidences[].file.hashes[].algorithm", F::kString, kRequired},
               {"evidences[].file.hashes[].value", F::kString, kRequired},
               {"evidences[].process", F::kObject, kOptional},
               {"evidences[].process.pid", F::kInteger, kRequired},
               {"evidences[].process.name", F::kString, kRequired},
               {"evidences[].process.file", F::kObject, kOptional},
               {"evidences[].process.file.name", F::kString, kRequired},
               {"evidences[].process.file.path", F::kString, kRequired},
               {"evidences[].process.file.type_id", F::kInteger, kRequired},
               {"evidences[].process.file.type", F::kString, kRequired},
               {"evidences[].src_endpoint", F::kObject, kOptional},
               {"evidences[].src_endpoint.ip", F::kIp, kOptional},
               {"evidences[].src_endpoint.port", F::kInteger, kOptional},
               {"evidences[].src_endpoint.mac", F::kString, kOptional},
               {"evidences[].dst_endpoint", F::kObject, kOptional},
               {"evidences[].dst_endpoint.ip", F::kIp, kOptional},
               {"evidences[].dst_endpoint.port", F::kInteger, kOptional},
               {"evidences[].dst_endpoint.mac", F::kString, kOptional},
           });
  return s;
}

const Schema& EcsFinding() {
  static const Schema s{"ECS 8.11",
                        {
                            {"@timestamp", F::kIsoTime, kRequired},
                            {"ecs", F::kObject, kRequired},
                            {"ecs.version", F::kString, kRequired},
                            {"message", F::kString, kRequired},
                            {"event", F::kObject, kRequired},
                            {"event.id", F::kString, kRequired},
                            {"event.kind", F::kString, kRequired},
                            {"event.category", F::kStringArray, kRequired},
                            {"event.type", F::kStringArray, kRequired},
                            {"event.outcome", F::kString, kRequired},
                            {"event.severity", F::kInteger, kRequired},
                            {"event.module", F::kString, kRequired},
                            {"event.dataset", F::kString, kRequired},
                            {"event.provider", F::kString, kRequired},
                            {"host", F::kObject, kRequired},
                            {"host.name", F::kString, kOptional},
                            {"host.hostname", F::kString, kOptional},
                            {"host.id", F::kString, kRequired},
                            {"host.ip", F::kIpArray, kOptional},
                            {"host.architecture", F::kString, kOptional},
                            {"host.os", F::kObject, kOptional},
                            {"host.os.type", F::kString, kOptional},
                            {"host.os.platform", F::kString, kOptional},
                            {"host.os.full", F::kString, kOptional},
                            {"agent", F::kObject, kRequired},
                            {"agent.id", F::kString, kRequired},
                            {"agent.name", F::kString, kOptional},
                            {"agent.type", F::kString, kRequired},
                            {"agent.version", F::kString, kRequired},
                            {"observer", F::kObject, kRequired},
                            {"observer.product", F::kString, kRequired},
                            {"observer.vendor", F::kString, kRequired},
                            {"observer.version", F::kString, kRequired},
                            {"rule", F::kObject, kRequired},
                            {"rule.id", F::kString, kRequired},
                            {"rule.name", F::kString, kRequired},
                            {"rule.description", F::kString, kOptional},
                            {"rule.category", F::kString, kRequired},
                            {"rule.ruleset", F::kString, kRequired},
                            {"rule.reference", F::kString, kOptional},
                            {"file", F::kObject, kOptional},
                            {"file.path", F::kString, kRequired},
                            {"file.name", F::kString, kRequired},
                            {"file.type", F::kString, kRequired},
                            {"file.size", F::kInteger, kOptional},
                            {"file.hash", F::kObject, kOptional},
                            {"file.hash.sha256", F::kString, kRequired},
                            {"process", F::kObject, kOptional},
                            {"process.pid", F::kInteger, kRequired},
                            {"process.name", F::kString, kRequired},
                            {"process.executable", F::kString, kOptional},
                            {"source", F::kObject, kOptional},
                            {"source.ip", F::kIp, kOptional},
                            {"source.port", F::kInteger, kOptional},
                            {"source.mac", F::kString, kOptional},
                            {"destination", F::kObject, kOptional},
                            {"destination.ip", F::kIp, kOptional},
                            {"destination.port", F::kInteger, kOptional},
                            {"destination.mac", F::kString, kOptional},
                            {"package", F::kObject, kOptional},
                            {"package.name", F::kString, kRequired},
                            {"package.version", F::kString, kRequired},
                            {"package.type", F::kString, kRequired},
                            {"package.architecture", F::kString, kRequired},
                            {"error", F::kObject, kOptional},
                            {"error.message", F::kString, kRequired},
                            {"tags", F::kStringArray, kRequired},
                            {"mig", F::kObject, kRequired},
                            {"mig.action", F::kObject, kRequired},
                            {"mig.action.id", F::kInteger, kRequired},
                            {"mig.action.name", F::kString, kRequired},
                            {"mig.action.threat", F::kObject, kRequired},
                            {"mig.action.threat.ref", F::kString, kOptional},
                            {"mig.action.threat.level", F::kString, kOptional},
                            {"mig.action.threat.family", F::kString, kOptional},
                            {"mig.action.threat.type", F::kString, kOptional},
                            {"mig.command", F::kObject, kRequired},
                            {"mig.command.id", F::kInteger, kRequired},
                            {"mig.command.status", F::kString, kRequired},
                            {"mig.agent", F::kObject, kRequired},
                            {"mig.agent.id", F::kInteger, kRequired},
                            {"mig.agent.queueloc", F::kString, kRequired},
                            {"mig.investigators", F::kObjectArray, kRequired},
                            {"mig.investigators[].name", F::kString, kRequired},
                            {"mig.investigators[].pgp_fingerprint", F::kString, kRequired},
                            {"mig.module", F::kString, kRequired},
                            {"mig.operation", F::kInteger, kRequired},
                            {"mig.outcome", F::kString, kRequired},
                            {"mig.criterion", F::kString, kOptional},
                            {"mig.errors", F::kStringArray, kOptional},
                            {"mig.element", F::kJson, kRequired},
                            {"mig.compliance", F::kObject, kOptional},
                            {"mig.compliance.status", F::kString, kRequired},
                        }};
  return s;
}

std::string TypeName(FieldType type) {
  switch (type) {
    case F::kString:
      return "string";
    case F::kInteger:
      return "integer";
    case F::kBoolean:
      return "boolean";
    case F::kObject:
      return "object";
    case F::kJson:
      return "any JSON";
    case F::kStringArray:
      return "array of strings";
    case F::kObjectArray:
      return "array of objects";
    case F::kIp:
      return "IP address string";
    case F::kIpArray:
      return "array of IP address strings";
    case F::kIsoTime:
      return "ISO 8601 UTC time string";
  }
  return "?";
}

std::vector<std::string> Violations(const nlohmann::json& doc, const Schema& schema) {
  std::vector<std::string> out;
  std::set<std::string> known, open;
  for (const auto& field : schema.fields) {
    known.insert(field.path);
    if (field.type == F::kJson) open.insert(field.path);
    // A required field inside an optional object is required only when
    // that object is there: look for its parent first.
    const size_t dot = field.path.rfind('.');
    std::vector<std::pair<std::string, const nlohmann::json*>> parents;
    if (dot == std::string::npos) {
      parents.emplace_back("", &doc);
    } else {
      std::string parent = field.path.substr(0, dot);
      const bool each = parent.size() > 2 && parent.compare(parent.size() - 2, 2, "[]") == 0;
      if (each) parent.resize(parent.size() - 2);
      std::vector<std::pair<std::string, const nlohmann::json*>> found;
      Collect(doc, parent, "", found);
      for (auto& [p, v] : found) {
        if (!each) {
          parents.emplace_back(p, v);
          continue;
        }
        if (!v->is_array()) continue;
        for (size_t i = 0; i < v->size(); ++i)
          parents.emplace_back(p + "[" + std::to_string(i) + "]", &(*v)[i]);
      }
    }
    const std::string leaf = dot == std::string::npos ? field.path : field.path.substr(dot + 1);
    for (const auto& [where, parent] : parents) {
      const std::string at = where.empty() ? leaf : where + "." + leaf;
      if (!parent->is_object() || !parent->contains(leaf)) {
        if (field.required) out.push_back(at + ": required " + TypeName(field.type) + " missing");
        continue;
      }
      if (!HasType((*parent)[leaf], field.type))
        out.push_back(at + ": not a " + TypeName(field.type) + ": " + (*parent)[leaf].dump());
    }
  }
  Unlisted(doc, "", "", known, open, out);
  return out;
}

}  // namespace mig::output::test
