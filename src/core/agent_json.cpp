// Agents and heartbeats, both wire formats (see documents_json.h).
#include "core/documents_json.h"
#include "core/json_fields.h"

namespace mig {
namespace {

// One reader for both formats: Go matches "isProxied"/"publicIP" and
// "isproxied"/"publicip" alike. aws only exists in the legacy format.
Status EnvironmentFromJson(FieldReader& parent, Environment& env) {
  const Json* v = parent.Find("environment");
  if (!v) return Status::Ok();
  FieldReader r(*v, parent.PathOf("environment"));
  MIG_RETURN_IF_ERROR(r.CheckObject());
  MIG_RETURN_IF_ERROR(r.String("init", env.init));
  MIG_RETURN_IF_ERROR(r.String("ident", env.ident));
  MIG_RETURN_IF_ERROR(r.String("os", env.os));
  MIG_RETURN_IF_ERROR(r.String("arch", env.arch));
  MIG_RETURN_IF_ERROR(r.Bool("isproxied", env.is_proxied));
  MIG_RETURN_IF_ERROR(r.String("proxy", env.proxy));
  MIG_RETURN_IF_ERROR(r.StringList("addresses", env.addresses));
  MIG_RETURN_IF_ERROR(r.String("publicip", env.public_ip));
  if (const Json* aws = r.Find("aws")) {
    FieldReader a(*aws, r.PathOf("aws"));
    MIG_RETURN_IF_ERROR(a.CheckObject());
    MIG_RETURN_IF_ERROR(a.String("instanceid", env.aws.instance_id));
    MIG_RETURN_IF_ERROR(a.String("localipv4", env.aws.local_ipv4));
    MIG_RETURN_IF_ERROR(a.String("amiid", env.aws.ami_id));
    MIG_RETURN_IF_ERROR(a.String("instancetype", env.aws.instance_type));
  }
  return r.StringList("modules", env.modules);
}

Status PidFromJson(FieldReader& r, int64_t& pid) {
  MIG_RETURN_IF_ERROR(r.Int("pid", pid));
  if (pid < 0) return Status::Error(r.PathOf("pid") + ": must not be negative");
  return Status::Ok();
}

}  // namespace

Result<Agent> AgentFromJson(const Json& doc, const std::string& path) {
  FieldReader r(doc, path);
  MIG_RETURN_IF_ERROR(r.CheckObject());
  Agent a;
  MIG_RETURN_IF_ERROR(r.Id("id", a.id));
  MIG_RETURN_IF_ERROR(r.String("name", a.name));
  MIG_RETURN_IF_ERROR(r.String("queueloc", a.queue_loc));
  MIG_RETURN_IF_ERROR(r.String("mode", a.mode));
  MIG_RETURN_IF_ERROR(r.String("version", a.version));
  MIG_RETURN_IF_ERROR(PidFromJson(r, a.pid));
  MIG_RETURN_IF_ERROR(r.String("loadername", a.loader_name));
  MIG_RETURN_IF_ERROR(r.TimeField("starttime", a.start_time));
  MIG_RETURN_IF_ERROR(r.TimeField("destructiontime", a.destruction_time));
  MIG_RETURN_IF_ERROR(r.TimeField("heartbeatts", a.heartbeat_time));
  MIG_RETURN_IF_ERROR(r.TimeField("refreshts", a.refresh_time));
  MIG_RETURN_IF_ERROR(r.String("status", a.status));
  MIG_RETURN_IF_ERROR(r.Bool("authorized", a.authorized));
  MIG_RETURN_IF_ERROR(EnvironmentFromJson(r, a.environment));
  if (const Json* tags = r.Find("tags")) {
    const std::string tags_path = r.PathOf("tags");
    if (!tags->is_object()) {
      return Status::Error(tags_path + ": expected an object of strings, got " +
                           JsonTypeName(*tags));
    }
    for (const auto& [name, value] : tags->items()) {
      MIG_RETURN_IF_ERROR(ReadString(value, tags_path + "." + name, a.tags[name]));
    }
  }
  return a;
}

Result<Agent> ParseAgent(std::string_view text, size_t max_bytes) {
  auto doc = ParseGoJson(text, max_bytes);
  if (!doc) return doc.status().Context("agent");
  return AgentFromJson(*doc);
}

void AppendAgent(std::string& out, const Agent& a) {
  ObjectWriter w(out);
  if (a.id != 0) w.Number("id", static_cast<double>(a.id));
  w.String("name", a.name);
  w.String("queueloc", a.queue_loc);
  w.String("mode", a.mode);
  w.StringOmitEmpty("version", a.version);
  if (a.pid != 0) w.Int("pid", a.pid);
  w.StringOmitEmpty("loadername", a.loader_name);
  w.TimeField("starttime", a.start_time);
  w.TimeField("destructiontime", a.destruction_time);
  w.TimeField("heartbeatts", a.heartbeat_time);
  w.TimeField("refreshts", a.refresh_time);
  w.StringOmitEmpty("status", a.status);
  if (a.authorized) w.Bool("authorized", true);
  {
    const Environment& env = a.environment;
    ObjectWriter e(w.Key("environment"));
    e.StringOmitEmpty("init", env.init);
    e.StringOmitEmpty("ident", env.ident);
    e.StringOmitEmpty("os", env.os);
    e.StringOmitEmpty("arch", env.arch);
    e.Bool("isproxied", env.is_proxied);
    e.StringOmitEmpty("proxy", env.proxy);
    if (!env.addresses.empty()) e.StringList("addresses", env.addresses);
    e.StringOmitEmpty("publicip", env.public_ip);
    {
      ObjectWriter aws(e.Key("aws"));
      aws.StringOmitEmpty("instanceid", env.aws.instance_id);
      aws.StringOmitEmpty("localipv4", env.aws.local_ipv4);
      aws.StringOmitEmpty("amiid", env.aws.ami_id);
      aws.StringOmitEmpty("instancetype", env.aws.instance_type);
      aws.End();
    }
    if (!env.modules.empty()) e.StringList("modules", env.modules);
    e.End();
  }
  if (!a.tags.empty()) {
    ObjectWriter t(w.Key("tags"));
    for (const auto& [name, value] : a.tags)
      t.String(name, value);
    t.End();
  }
  w.End();
}

std::string WriteAgent(const Agent& agent) {
  std::string out;
  AppendAgent(out, agent);
  return out;
}

Result<Agent> HeartbeatFromJson(const Json& doc, const std::string& path) {
  FieldReader r(doc, path);
  MIG_RETURN_IF_ERROR(r.CheckObject());
  Agent a;
  MIG_RETURN_IF_ERROR(r.String("name", a.name));
  MIG_RETURN_IF_ERROR(r.String("mode", a.mode));
  MIG_RETURN_IF_ERROR(r.String("version", a.version));
  MIG_RETURN_IF_ERROR(PidFromJson(r, a.pid));
  MIG_RETURN_IF_ERROR(r.String("queueLoc", a.queue_loc));
  MIG_RETURN_IF_ERROR(r.TimeField("startTime", a.start_time));
  MIG_RETURN_IF_ERROR(r.TimeField("refreshTime", a.refresh_time));
  MIG_RETURN_IF_ERROR(EnvironmentFromJson(r, a.environment));
  if (const Json* tags = r.Find("tags")) {
    const std::string tags_path = r.PathOf("tags");
    if (!tags->is_array()) {
      return Status::Error(tags_path + ": expected an array of {\"name\",\"value\"}, got " +
                           JsonTypeName(*tags));
    }
    for (size_t i = 0; i < tags->size(); ++i) {
      FieldReader t((*tags)[i], tags_path + "[" + std::to_string(i) + "]");
      MIG_RETURN_IF_ERROR(t.CheckObject());
      std::string name, value;
      MIG_RETURN_IF_ERROR(t.String("name", name));
      MIG_RETURN_IF_ERROR(t.String("value", value));
      a.tags[name] = value;  // a repeated name: the last one wins
    }
  }
  return a;
}

Result<Agent> ParseHeartbeat(std::string_view text, size_t max_bytes) {
  auto doc = ParseGoJson(text, max_bytes);
  if (!doc) return doc.status().Context("heartbeat");
  return HeartbeatFromJson(*doc);
}

std::string WriteHeartbeat(const Agent& a) {
  std::string out;
  ObjectWriter w(out);
  w.String("name", a.name);
  w.String("mode", a.mode);
  w.String("version", a.version);
  w.Int("pid", a.pid);
  w.String("queueLoc", a.queue_loc);
  w.TimeField("startTime", a.start_time);
  w.TimeField("refreshTime", a.refresh_time);
  {
    const Environment& env = a.environment;
    ObjectWriter e(w.Key("environment"));
    e.String("init", env.init);
    e.String("ident", env.ident);
    e.String("os", env.os);
    e.String("arch", env.arch);
    e.Bool("isProxied", env.is_proxied);
    e.String("proxy", env.proxy);
    e.StringList("addresses", env.addresses);
    e.String("publicIP", env.public_ip);
    e.StringList("modules", env.modules);
    e.End();
  }
  std::string& tags = w.Key("tags");
  tags += '[';
  bool first = true;
  for (const auto& [name, value] : a.tags) {
    if (!first) tags += ',';
    first = false;
    ObjectWriter t(tags);
    t.String("name", name);
    t.String("value", value);
    t.End();
  }
  tags += ']';
  w.End();
  return out;
}

}  // namespace mig
