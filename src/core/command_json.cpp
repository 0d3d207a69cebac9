// Commands and module results (see documents_json.h).
#include "core/documents_json.h"
#include "core/json_fields.h"

namespace mig {

Result<ModuleResult> ModuleResultFromJson(const Json& doc, const std::string& path) {
  FieldReader r(doc, path);
  MIG_RETURN_IF_ERROR(r.CheckObject());
  ModuleResult res;
  MIG_RETURN_IF_ERROR(r.Bool("foundanything", res.found_anything));
  MIG_RETURN_IF_ERROR(r.Bool("success", res.success));
  // Results travel as generic JSON: like MIG's agent, which decodes a module's
  // output into interface{}, object keys come out sorted.
  Json elements, statistics;
  r.Any("elements", elements);
  r.Any("statistics", statistics);
  res.elements = OrderedJson(elements);
  res.statistics = OrderedJson(statistics);
  MIG_RETURN_IF_ERROR(r.StringList("errors", res.errors));
  return res;
}

void AppendModuleResult(std::string& out, const ModuleResult& res) {
  ObjectWriter w(out);
  w.Bool("foundanything", res.found_anything);
  w.Bool("success", res.success);
  w.Any("elements", Json(res.elements));
  w.Any("statistics", Json(res.statistics));
  w.StringList("errors", res.errors);
  w.End();
}

std::string WriteModuleResult(const ModuleResult& result) {
  std::string out;
  AppendModuleResult(out, result);
  return out;
}

Result<Command> CommandFromJson(const Json& doc, const std::string& path) {
  FieldReader r(doc, path);
  MIG_RETURN_IF_ERROR(r.CheckObject());
  Command c;
  MIG_RETURN_IF_ERROR(r.Id("id", c.id, /*required=*/true));
  const Json* action = r.Find("action");
  if (!action) return MissingField(r.PathOf("action"));
  auto a = ActionFromJson(*action, r.PathOf("action"));
  if (!a) return a.status();
  c.action = std::move(*a);
  if (const Json* agent = r.Find("agent")) {
    auto ag = AgentFromJson(*agent, r.PathOf("agent"));
    if (!ag) return ag.status();
    c.agent = std::move(*ag);
  }
  MIG_RETURN_IF_ERROR(r.String("status", c.status));
  if (const Json* results = r.Find("results")) {
    const std::string results_path = r.PathOf("results");
    if (!results->is_array()) {
      return Status::Error(results_path + ": expected an array, got " + JsonTypeName(*results));
    }
    for (size_t i = 0; i < results->size(); ++i) {
      auto res = ModuleResultFromJson((*results)[i], results_path + "[" + std::to_string(i) + "]");
      if (!res) return res.status();
      c.results.push_back(std::move(*res));
    }
  }
  MIG_RETURN_IF_ERROR(r.TimeField("starttime", c.start_time));
  MIG_RETURN_IF_ERROR(r.TimeField("finishtime", c.finish_time));
  MIG_RETURN_IF_ERROR(r.RejectUnknown());
  return c;
}

Result<Command> ParseCommand(std::string_view text, size_t max_bytes) {
  auto doc = ParseGoJson(text, max_bytes);
  if (!doc) return doc.status().Context("command");
  return CommandFromJson(*doc);
}

std::string WriteCommand(const Command& c) {
  std::string out;
  ObjectWriter w(out);
  w.Number("id", static_cast<double>(c.id));
  AppendAction(w.Key("action"), c.action);
  AppendAgent(w.Key("agent"), c.agent);
  w.String("status", c.status);
  std::string& results = w.Key("results");
  if (c.results.empty()) {
    results += "null";
  } else {
    results += '[';
    for (size_t i = 0; i < c.results.size(); ++i) {
      if (i) results += ',';
      AppendModuleResult(results, c.results[i]);
    }
    results += ']';
  }
  w.TimeField("starttime", c.start_time);
  w.TimeField("finishtime", c.finish_time);
  w.End();
  return out;
}

}  // namespace mig
