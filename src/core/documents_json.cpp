// Actions, operations and investigators (see documents_json.h).
#include "core/documents_json.h"

#include "core/base64.h"
#include "core/json_fields.h"
#include "core/permissions.h"

namespace mig {
namespace {

std::string Index(const std::string& path, size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

Result<Operation> OperationFromJson(const Json& doc, const std::string& path) {
  FieldReader r(doc, path);
  MIG_RETURN_IF_ERROR(r.CheckObject());
  Operation op;
  MIG_RETURN_IF_ERROR(r.String("module", op.module, /*required=*/true));
  r.Any("parameters", op.parameters);
  MIG_RETURN_IF_ERROR(r.Bool("is_compressed", op.is_compressed));
  MIG_RETURN_IF_ERROR(r.Bool("want_compressed", op.want_compressed));
  return op;
}

Status DescriptionFromJson(FieldReader& parent, Description& out) {
  const Json* v = parent.Find("description");
  if (!v) return Status::Ok();
  FieldReader r(*v, parent.PathOf("description"));
  MIG_RETURN_IF_ERROR(r.CheckObject());
  MIG_RETURN_IF_ERROR(r.String("author", out.author));
  MIG_RETURN_IF_ERROR(r.String("email", out.email));
  MIG_RETURN_IF_ERROR(r.String("url", out.url));
  return r.Double("revision", out.revision);
}

Status ThreatFromJson(FieldReader& parent, Threat& out) {
  const Json* v = parent.Find("threat");
  if (!v) return Status::Ok();
  FieldReader r(*v, parent.PathOf("threat"));
  MIG_RETURN_IF_ERROR(r.CheckObject());
  MIG_RETURN_IF_ERROR(r.String("ref", out.ref));
  MIG_RETURN_IF_ERROR(r.String("level", out.level));
  MIG_RETURN_IF_ERROR(r.String("family", out.family));
  return r.String("type", out.type);
}

Status CountersFromJson(FieldReader& parent, Counters& out) {
  const Json* v = parent.Find("counters");
  if (!v) return Status::Ok();
  FieldReader r(*v, parent.PathOf("counters"));
  MIG_RETURN_IF_ERROR(r.CheckObject());
  MIG_RETURN_IF_ERROR(r.Int("sent", out.sent));
  MIG_RETURN_IF_ERROR(r.Int("done", out.done));
  MIG_RETURN_IF_ERROR(r.Int("inflight", out.inflight));
  MIG_RETURN_IF_ERROR(r.Int("success", out.success));
  MIG_RETURN_IF_ERROR(r.Int("cancelled", out.cancelled));
  MIG_RETURN_IF_ERROR(r.Int("expired", out.expired));
  MIG_RETURN_IF_ERROR(r.Int("failed", out.failed));
  return r.Int("timeout", out.timeout);
}

void AppendOperation(std::string& out, const Operation& op) {
  ObjectWriter w(out);
  w.String("module", op.module);
  w.Any("parameters", op.parameters);
  if (op.is_compressed) w.Bool("is_compressed", true);
  if (op.want_compressed) w.Bool("want_compressed", true);
  w.End();
}

void AppendInvestigator(std::string& out, const Investigator& inv, bool include_public_key) {
  ObjectWriter w(out);
  if (inv.id != 0) w.Number("id", static_cast<double>(inv.id));
  w.String("name", inv.name);
  w.String("pgpfingerprint", inv.pgp_fingerprint);
  if (include_public_key && !inv.public_key.empty()) {
    w.String("publickey", Base64Encode(inv.public_key));
  }
  w.String("status", inv.status);
  w.TimeField("createdat", inv.created_at);
  w.TimeField("lastmodified", inv.last_modified);
  std::string& perms = w.Key("permissions");
  ObjectWriter p(perms);
  for (std::string_view name : kPermissionNames) {
    bool set = false;
    for (const auto& held : inv.permissions) {
      if (held == name) set = true;
    }
    p.Bool(name, set);
  }
  p.End();
  w.End();
}

}  // namespace

Result<Investigator> InvestigatorFromJson(const Json& doc, const std::string& path) {
  FieldReader r(doc, path);
  MIG_RETURN_IF_ERROR(r.CheckObject());
  Investigator inv;
  MIG_RETURN_IF_ERROR(r.Id("id", inv.id));
  MIG_RETURN_IF_ERROR(r.String("name", inv.name));
  MIG_RETURN_IF_ERROR(r.String("pgpfingerprint", inv.pgp_fingerprint));
  std::string key_b64;
  MIG_RETURN_IF_ERROR(r.String("publickey", key_b64));
  if (!key_b64.empty()) {
    auto key = Base64Decode(key_b64);
    if (!key) return key.status().Context(r.PathOf("publickey"));
    inv.public_key = *key;
  }
  MIG_RETURN_IF_ERROR(r.String("status", inv.status));
  MIG_RETURN_IF_ERROR(r.TimeField("createdat", inv.created_at));
  MIG_RETURN_IF_ERROR(r.TimeField("lastmodified", inv.last_modified));
  if (const Json* perms = r.Find("permissions")) {
    FieldReader p(*perms, r.PathOf("permissions"));
    MIG_RETURN_IF_ERROR(p.CheckObject());
    for (std::string_view name : kPermissionNames) {
      bool set = false;
      MIG_RETURN_IF_ERROR(p.Bool(name, set));
      if (set) inv.permissions.emplace_back(name);
    }
  }
  return inv;
}

std::string WriteInvestigator(const Investigator& inv, bool include_public_key) {
  std::string out;
  AppendInvestigator(out, inv, include_public_key);
  return out;
}

Result<Action> ActionFromJson(const Json& doc, const std::string& path) {
  FieldReader r(doc, path);
  MIG_RETURN_IF_ERROR(r.CheckObject());
  Action a;
  MIG_RETURN_IF_ERROR(r.Id("id", a.id));
  MIG_RETURN_IF_ERROR(r.String("name", a.name, /*required=*/true));
  MIG_RETURN_IF_ERROR(r.String("target", a.target, /*required=*/true));
  MIG_RETURN_IF_ERROR(DescriptionFromJson(r, a.description));
  MIG_RETURN_IF_ERROR(ThreatFromJson(r, a.threat));
  MIG_RETURN_IF_ERROR(r.TimeField("validfrom", a.valid_from, /*required=*/true));
  MIG_RETURN_IF_ERROR(r.TimeField("expireafter", a.expire_after, /*required=*/true));
  if (!r.Has("operations")) return MissingField(r.PathOf("operations"));
  if (const Json* ops = r.Find("operations")) {
    const std::string ops_path = r.PathOf("operations");
    if (!ops->is_array()) {
      return Status::Error(ops_path + ": expected an array, got " + JsonTypeName(*ops));
    }
    a.operations.emplace();
    for (size_t i = 0; i < ops->size(); ++i) {
      auto op = OperationFromJson((*ops)[i], Index(ops_path, i));
      if (!op) return op.status();
      a.operations->push_back(std::move(*op));
    }
  }
  MIG_RETURN_IF_ERROR(r.StringList("pgpsignatures", a.pgp_signatures));
  if (const Json* invs = r.Find("investigators")) {
    const std::string inv_path = r.PathOf("investigators");
    if (!invs->is_array()) {
      return Status::Error(inv_path + ": expected an array, got " + JsonTypeName(*invs));
    }
    for (size_t i = 0; i < invs->size(); ++i) {
      auto inv = InvestigatorFromJson((*invs)[i], Index(inv_path, i));
      if (!inv) return inv.status();
      a.investigators.push_back(std::move(*inv));
    }
  }
  // mig-api adds who submitted the action ({"id","name"}); readers skip it
  // and the API sets it from the caller, never from a submitted document.
  (void)r.Has("submitter");
  MIG_RETURN_IF_ERROR(r.String("status", a.status));
  MIG_RETURN_IF_ERROR(r.TimeField("starttime", a.start_time));
  MIG_RETURN_IF_ERROR(r.TimeField("finishtime", a.finish_time));
  MIG_RETURN_IF_ERROR(r.TimeField("lastupdatetime", a.last_update_time));
  MIG_RETURN_IF_ERROR(CountersFromJson(r, a.counters));
  int64_t version = 0;
  MIG_RETURN_IF_ERROR(r.Int("syntaxversion", version));
  if (version < INT32_MIN || version > INT32_MAX) {
    return Status::Error(r.PathOf("syntaxversion") + ": out of range");
  }
  a.syntax_version = static_cast<int>(version);
  MIG_RETURN_IF_ERROR(r.RejectUnknown());
  return a;
}

Result<Action> ParseAction(std::string_view text, size_t max_bytes) {
  auto doc = ParseGoJson(text, max_bytes);
  if (!doc) return doc.status().Context("action");
  return ActionFromJson(*doc);
}

void AppendAction(std::string& out, const Action& a) {
  ObjectWriter w(out);
  w.Number("id", static_cast<double>(a.id));
  w.String("name", a.name);
  w.String("target", a.target);
  {
    ObjectWriter d(w.Key("description"));
    d.StringOmitEmpty("author", a.description.author);
    d.StringOmitEmpty("email", a.description.email);
    d.StringOmitEmpty("url", a.description.url);
    if (a.description.revision != 0) d.Number("revision", a.description.revision);
    d.End();
  }
  {
    ObjectWriter t(w.Key("threat"));
    t.StringOmitEmpty("ref", a.threat.ref);
    t.StringOmitEmpty("level", a.threat.level);
    t.StringOmitEmpty("family", a.threat.family);
    t.StringOmitEmpty("type", a.threat.type);
    t.End();
  }
  w.TimeField("validfrom", a.valid_from);
  w.TimeField("expireafter", a.expire_after);
  std::string& ops = w.Key("operations");
  if (!a.operations) {
    ops += "null";
  } else {
    ops += '[';
    for (size_t i = 0; i < a.operations->size(); ++i) {
      if (i) ops += ',';
      AppendOperation(ops, (*a.operations)[i]);
    }
    ops += ']';
  }
  w.StringList("pgpsignatures", a.pgp_signatures);
  if (!a.investigators.empty()) {
    std::string& invs = w.Key("investigators");
    invs += '[';
    for (size_t i = 0; i < a.investigators.size(); ++i) {
      if (i) invs += ',';
      AppendInvestigator(invs, a.investigators[i], /*include_public_key=*/false);
    }
    invs += ']';
  }
  w.StringOmitEmpty("status", a.status);
  w.TimeField("starttime", a.start_time);
  w.TimeField("finishtime", a.finish_time);
  w.TimeField("lastupdatetime", a.last_update_time);
  {
    const Counters& c = a.counters;
    ObjectWriter cw(w.Key("counters"));
    const std::pair<std::string_view, int64_t> fields[] = {
        {"sent", c.sent},       {"done", c.done},           {"inflight", c.inflight},
        {"success", c.success}, {"cancelled", c.cancelled}, {"expired", c.expired},
        {"failed", c.failed},   {"timeout", c.timeout}};
    for (const auto& [name, value] : fields) {
      if (value != 0) cw.Int(name, value);
    }
    cw.End();
  }
  if (a.syntax_version != 0) w.Int("syntaxversion", a.syntax_version);
  w.End();
}

std::string WriteAction(const Action& action) {
  std::string out;
  AppendAction(out, action);
  return out;
}

}  // namespace mig
