#include "store/json_columns.h"

namespace mig::store {
namespace {

template <typename T, typename F>
Result<T> ParseWith(const std::string& text, const char* what, F fill) {
  Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded())
    return Result<T>::Error(std::string("stored ") + what + " is not valid JSON");
  try {
    return fill(j);
  } catch (const Json::exception& e) {
    return Result<T>::Error(std::string("stored ") + what +
                            " has an unexpected shape: " + e.what());
  }
}

std::string StringOr(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::vector<std::string> StringList(const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return {};
  return it->get<std::vector<std::string>>();
}

// Invalid UTF-8 from an agent must not throw: it is replaced by U+FFFD.
std::string Dump(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

void PutIfSet(Json& j, const char* key, const std::string& v) {
  if (!v.empty()) j[key] = v;
}

}  // namespace

std::string OperationsToJson(const std::optional<std::vector<Operation>>& ops) {
  if (!ops) return "null";
  Json arr = Json::array();
  for (const Operation& op : *ops) {
    Json o = {{"module", op.module}, {"parameters", op.parameters}};
    if (op.is_compressed) o["is_compressed"] = true;
    if (op.want_compressed) o["want_compressed"] = true;
    arr.push_back(std::move(o));
  }
  return Dump(arr);
}

Result<std::optional<std::vector<Operation>>> OperationsFromJson(const std::string& text) {
  using R = std::optional<std::vector<Operation>>;
  return ParseWith<R>(text, "operations", [](const Json& j) -> Result<R> {
    if (j.is_null()) return R();
    std::vector<Operation> ops;
    for (const Json& o : j) {
      Operation op;
      op.module = StringOr(o, "module");
      op.parameters = o.value("parameters", Json());
      op.is_compressed = o.value("is_compressed", false);
      op.want_compressed = o.value("want_compressed", false);
      ops.push_back(std::move(op));
    }
    return R(std::move(ops));
  });
}

std::string ResultsToJson(const std::vector<ModuleResult>& results) {
  Json arr = Json::array();
  for (const ModuleResult& r : results) {
    arr.push_back({{"foundanything", r.found_anything},
                   {"success", r.success},
                   {"elements", r.elements},
                   {"statistics", r.statistics},
                   {"errors", r.errors.empty() ? Json() : Json(r.errors)}});
  }
  return Dump(arr);
}

Result<std::vector<ModuleResult>> ResultsFromJson(const std::string& text) {
  using R = std::vector<ModuleResult>;
  return ParseWith<R>(text, "results", [](const Json& j) -> Result<R> {
    R out;
    if (j.is_null()) return out;
    for (const Json& o : j) {
      ModuleResult r;
      r.found_anything = o.value("foundanything", false);
      r.success = o.value("success", false);
      r.elements = o.value("elements", Json());
      r.statistics = o.value("statistics", Json());
      r.errors = StringList(o, "errors");
      out.push_back(std::move(r));
    }
    return out;
  });
}

std::string EnvironmentToJson(const Environment& e) {
  Json j = Json::object();
  PutIfSet(j, "init", e.init);
  PutIfSet(j, "ident", e.ident);
  PutIfSet(j, "os", e.os);
  PutIfSet(j, "arch", e.arch);
  j["isproxied"] = e.is_proxied;
  PutIfSet(j, "proxy", e.proxy);
  if (!e.addresses.empty()) j["addresses"] = e.addresses;
  PutIfSet(j, "publicip", e.public_ip);
  Json aws = Json::object();
  PutIfSet(aws, "instanceid", e.aws.instance_id);
  PutIfSet(aws, "localipv4", e.aws.local_ipv4);
  PutIfSet(aws, "amiid", e.aws.ami_id);
  PutIfSet(aws, "instancetype", e.aws.instance_type);
  j["aws"] = aws;
  if (!e.modules.empty()) j["modules"] = e.modules;
  return Dump(j);
}

Result<Environment> EnvironmentFromJson(const std::string& text) {
  return ParseWith<Environment>(text, "environment", [](const Json& j) -> Result<Environment> {
    Environment e;
    if (j.is_null()) return e;
    e.init = StringOr(j, "init");
    e.ident = StringOr(j, "ident");
    e.os = StringOr(j, "os");
    e.arch = StringOr(j, "arch");
    e.is_proxied = j.value("isproxied", false);
    e.proxy = StringOr(j, "proxy");
    e.addresses = StringList(j, "addresses");
    e.public_ip = StringOr(j, "publicip");
    Json aws = j.value("aws", Json::object());
    e.aws.instance_id = StringOr(aws, "instanceid");
    e.aws.local_ipv4 = StringOr(aws, "localipv4");
    e.aws.ami_id = StringOr(aws, "amiid");
    e.aws.instance_type = StringOr(aws, "instancetype");
    e.modules = StringList(j, "modules");
    return e;
  });
}

std::string TagsToJson(const std::map<std::string, std::string>& tags) {
  return Dump(Json(tags));
}

Result<std::map<std::string, std::string>> TagsFromJson(const std::string& text) {
  using R = std::map<std::string, std::string>;
  return ParseWith<R>(text, "tags", [](const Json& j) -> Result<R> {
    if (j.is_null()) return R();
    return j.get<R>();
  });
}

std::string DescriptionToJson(const Description& d) {
  Json j = Json::object();
  PutIfSet(j, "author", d.author);
  PutIfSet(j, "email", d.email);
  PutIfSet(j, "url", d.url);
  if (d.revision != 0) j["revision"] = d.revision;
  return Dump(j);
}

Result<Description> DescriptionFromJson(const std::string& text) {
  return ParseWith<Description>(text, "description", [](const Json& j) -> Result<Description> {
    Description d;
    if (j.is_null()) return d;
    d.author = StringOr(j, "author");
    d.email = StringOr(j, "email");
    d.url = StringOr(j, "url");
    d.revision = j.value("revision", 0.0);
    return d;
  });
}

std::string ThreatToJson(const Threat& t) {
  Json j = Json::object();
  PutIfSet(j, "ref", t.ref);
  PutIfSet(j, "level", t.level);
  PutIfSet(j, "family", t.family);
  PutIfSet(j, "type", t.type);
  return Dump(j);
}

Result<Threat> ThreatFromJson(const std::string& text) {
  return ParseWith<Threat>(text, "threat", [](const Json& j) -> Result<Threat> {
    Threat t;
    if (j.is_null()) return t;
    t.ref = StringOr(j, "ref");
    t.level = StringOr(j, "level");
    t.family = StringOr(j, "family");
    t.type = StringOr(j, "type");
    return t;
  });
}

std::string StringsToJson(const std::vector<std::string>& v) {
  return Dump(Json(v));
}

Result<std::vector<std::string>> StringsFromJson(const std::string& text) {
  using R = std::vector<std::string>;
  return ParseWith<R>(text, "string list", [](const Json& j) -> Result<R> {
    if (j.is_null()) return R();
    return j.get<R>();
  });
}

std::string VersionCountsToJson(const std::vector<VersionCount>& v) {
  Json arr = Json::array();
  for (const VersionCount& c : v)
    arr.push_back({{"version", c.version}, {"count", c.count}});
  return Dump(arr);
}

Result<std::vector<VersionCount>> VersionCountsFromJson(const std::string& text) {
  using R = std::vector<VersionCount>;
  return ParseWith<R>(text, "version counts", [](const Json& j) -> Result<R> {
    R out;
    if (j.is_null()) return out;
    for (const Json& o : j)
      out.push_back({StringOr(o, "version"), o.value("count", int64_t{0})});
    return out;
  });
}

}  // namespace mig::store
