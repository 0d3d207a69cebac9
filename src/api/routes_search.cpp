// GET /search (api.md 6) for types action, command, agent (with or without
// target) and investigator. Every filter is optional (MIG fails without
// one); a filter the type cannot honour is a 400 rather than ignored.
#include <cmath>
#include <cstdlib>
#include <set>

#include "api/action_document.h"
#include "api/context.h"
#include "api/form.h"
#include "api/permissions.h"
#include "api/target_param.h"
#include "core/documents_json.h"
#include "core/utf8.h"

namespace mig::api {
namespace {

const std::vector<std::string> kIdParams = {"actionid",       "commandid",  "agentid",
                                            "investigatorid", "manifestid", "loaderid"};
const std::vector<std::string> kPatternParams = {"actionname",       "agentname",    "agentversion",
                                                 "investigatorname", "manifestname", "loadername",
                                                 "status",           "threatfamily"};

// Which filters each type honours (besides type, limit, offset, after, before).
const std::map<std::string, std::set<std::string>> kFilters = {
    {"action", {"actionid", "actionname", "investigatorid", "agentid", "status", "threatfamily"}},
    {"command",
     {"commandid", "actionid", "agentid", "investigatorid", "investigatorname", "status",
      "actionname", "agentname", "foundanything"}},
    {"agent", {"agentid", "agentname", "agentversion", "status", "target"}},
    {"investigator", {"investigatorid", "investigatorname", "status"}},
};

struct Params {
  std::string type = "action";
  int64_t limit = 100, offset = 0;
  std::optional<Time> after, before;
  std::map<std::string, Id> ids;
  std::map<std::string, std::string> patterns;
  std::optional<bool> found_anything;
  std::string target;

  std::optional<Id> Id_(const std::string& k) const {
    auto it = ids.find(k);
    return it == ids.end() ? std::nullopt : std::optional<Id>(it->second);
  }
  std::string Pattern(const std::string& k) const {
    auto it = patterns.find(k);
    return it == patterns.end() ? "" : it->second;
  }
};

Result<int64_t> Count(const std::string& name, const std::string& v) {
  char* end = nullptr;
  const double d = std::strtod(v.c_str(), &end);
  if (v.empty() || end != v.c_str() + v.size() || !std::isfinite(d) || d < 0 || d > 1e15)
    return Status::Error("parameter '" + name + "' must be a number >= 0, got '" + v + "'");
  return static_cast<int64_t>(d);
}

// Text the store can take: no NUL, valid UTF-8 (PostgreSQL refuses both, and
// SQLite's store refuses them alike). Checked here so that the client reads
// a 400 naming the parameter, never a database's error.
Status CheckText(const std::string& name, const std::string& value) {
  std::string why = CheckStorableText(value);
  if (why.empty()) return Status::Ok();
  return Status::Error("parameter '" + name + "' has " + why + ", which the store cannot take");
}

// A LIKE pattern ('%' any text, '_' one character, '\' escapes the next
// character, on both stores) must not end with a lone backslash, which
// escapes nothing (PostgreSQL refuses the pattern).
Status CheckPattern(const std::string& name, const std::string& value) {
  if (Status s = CheckText(name, value); !s.ok()) return s;
  size_t backslashes = 0;
  for (auto it = value.rbegin(); it != value.rend() && *it == '\\'; ++it)
    ++backslashes;
  if (backslashes % 2 == 1)
    return Status::Error("parameter '" + name +
                         "' ends with a lone backslash, which escapes nothing: write \\\\ for a "
                         "backslash (patterns take % for any text, _ for one character, \\ to "
                         "escape them)");
  return Status::Ok();
}

Result<Params> ReadParams(const http::Request& req) {
  Params p;
  for (const auto& [name, value] : req.params) {
    if (Status s = CheckText(name, value); !s.ok()) return s;
  }
  if (req.has_param("type")) p.type = req.get_param_value("type");
  auto filters = kFilters.find(p.type);
  if (filters == kFilters.end())
    return Status::Error("search type is invalid: '" + p.type +
                         "' (supported: action, command, agent, investigator)");
  for (const auto& [name, value] : req.params) {
    static const std::set<std::string> kCommon = {"type",  "limit",  "offset",
                                                  "after", "before", "report"};
    if (kCommon.count(name)) continue;
    const bool known =
        std::find(kIdParams.begin(), kIdParams.end(), name) != kIdParams.end() ||
        std::find(kPatternParams.begin(), kPatternParams.end(), name) != kPatternParams.end() ||
        name == "foundanything" || name == "target";
    if (!known) continue;  // unknown parameters are ignored, as MIG
    if (!filters->second.count(name))
      return Status::Error("parameter '" + name + "' is not supported with type=" + p.type);
  }
  if (req.has_param("limit")) {
    auto n = Count("limit", req.get_param_value("limit"));
    if (!n.ok()) return n.status();
    p.limit = *n;
  }
  if (req.has_param("offset")) {
    auto n = Count("offset", req.get_param_value("offset"));
    if (!n.ok()) return n.status();
    p.offset = *n;
  }
  for (const char* key : {"after", "before"}) {
    if (!req.has_param(key)) continue;
    auto t = ParseTime(req.get_param_value(key));
    if (!t.ok()) return t.status().Context(std::string("parameter '") + key + "' (RFC 3339)");
    (std::string(key) == "after" ? p.after : p.before) = *t;
  }
  for (const auto& k : kIdParams) {
    if (!req.has_param(k)) continue;
    auto id = ParseIdValue(req.get_param_value(k));
    if (!id)
      return Status::Error("parameter '" + k + "' must be a positive ID, got '" +
                           req.get_param_value(k) + "'");
    p.ids[k] = *id;
  }
  for (const auto& k : kPatternParams) {
    if (!req.has_param(k)) continue;
    p.patterns[k] = req.get_param_value(k);
    if (Status s = CheckPattern(k, p.patterns[k]); !s.ok()) return s;
  }
  if (req.has_param("foundanything")) {
    std::string v = req.get_param_value("foundanything");
    for (auto& ch : v)
      ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (v != "true" && v != "false")
      return Status::Error("parameter 'foundanything' must be true or false");
    p.found_anything = v == "true";
  }
  if (req.has_param("target")) p.target = req.get_param_value("target");
  return p;
}

// The "search parameters" item value, keys in MIG's order.
std::string EchoParams(const Params& p) {
  std::string out = "{";
  auto key = [&](const char* k) {
    if (out.size() > 1) out += ',';
    AppendGoString(out, k);
    out += ':';
  };
  auto id = [&](const char* k) {
    key(k);
    auto v = p.Id_(k);
    AppendGoString(out, v ? std::to_string(*v) : "∞");
  };
  auto pattern = [&](const char* k) {
    key(k);
    auto v = p.Pattern(k);
    AppendGoString(out, v.empty() ? "%" : v);
  };
  auto time = [&](const char* k, const std::optional<Time>& t) {
    key(k);
    AppendGoString(out, t ? FormatTime(*t) : "");
  };
  id("actionid");
  pattern("actionname");
  time("after", p.after);
  id("agentid");
  pattern("agentname");
  pattern("agentversion");
  time("before", p.before);
  id("commandid");
  key("foundanything");
  out += (p.found_anything && *p.found_anything) ? "true" : "false";
  id("investigatorid");
  pattern("investigatorname");
  key("limit");
  out += std::to_string(p.limit);
  id("loaderid");
  pattern("loadername");
  id("manifestid");
  pattern("manifestname");
  key("offset");
  out += std::to_string(p.offset);
  key("report");
  out += "\"\"";
  pattern("status");
  key("target");
  AppendGoString(out, p.target);
  pattern("threatfamily");
  key("type");
  AppendGoString(out, p.type);
  return out + "}";
}

store::SearchWindow Window(const Params& p) {
  store::SearchWindow w;
  w.after = p.after;
  w.before = p.before;
  w.limit = p.limit;
  w.offset = p.offset;
  return w;
}

// Runs the search; items are appended to c. Error status code in *code.
Status Run(store::Store& s, const Params& p, const std::string& base, Collection& c, int* code) {
  auto item = [&](const std::string& type, Id id, std::string json) {
    c.items.push_back(
        CjItem{base + "/" + type + "?" + type + "id=" + std::to_string(id), {{type, json}}, {}});
  };
  if (p.type == "action") {
    store::ActionQuery q;
    q.window = Window(p);
    q.action_id = p.Id_("actionid");
    q.investigator_id = p.Id_("investigatorid");
    q.agent_id = p.Id_("agentid");
    q.name_like = p.Pattern("actionname");
    q.status_like = p.Pattern("status");
    q.threat_family_like = p.Pattern("threatfamily");
    auto r = s.SearchActions(q);
    if (!r.ok()) return r.status();
    for (const auto& a : *r) {
      auto doc = WriteApiAction(s, a);
      if (!doc.ok()) return doc.status();
      item("action", a.id, *doc);
    }
  } else if (p.type == "command") {
    store::CommandQuery q;
    q.window = Window(p);
    q.command_id = p.Id_("commandid");
    q.action_id = p.Id_("actionid");
    q.agent_id = p.Id_("agentid");
    q.investigator_id = p.Id_("investigatorid");
    q.status_like = p.Pattern("status");
    q.action_name_like = p.Pattern("actionname");
    q.agent_name_like = p.Pattern("agentname");
    q.investigator_name_like = p.Pattern("investigatorname");
    q.found_anything = p.found_anything;
    auto r = s.SearchCommands(q);
    if (!r.ok()) return r.status();
    for (const auto& cmd : *r)
      item("command", cmd.id, WriteCommand(cmd));
  } else if (p.type == "agent" && !p.target.empty()) {
    auto sql = CompileTargetParam(p.target, s.dialect());
    if (!sql.ok()) {
      *code = 400;
      return sql.status();
    }
    auto r = s.ResolveTarget(*sql);
    if (!r.ok()) return r.status();
    for (const auto& a : *r)
      item("agent", a.id, WriteAgent(a));
  } else if (p.type == "agent") {
    store::AgentQuery q;
    q.window = Window(p);
    q.agent_id = p.Id_("agentid");
    q.name_like = p.Pattern("agentname");
    q.version_like = p.Pattern("agentversion");
    q.status_like = p.Pattern("status");
    auto r = s.SearchAgents(q);
    if (!r.ok()) return r.status();
    for (const auto& a : *r)
      item("agent", a.id, WriteAgent(a));
  } else {
    store::InvestigatorQuery q;
    q.window = Window(p);
    q.investigator_id = p.Id_("investigatorid");
    q.name_like = p.Pattern("investigatorname");
    q.status_like = p.Pattern("status");
    auto r = s.SearchInvestigators(q);
    if (!r.ok()) return r.status();
    for (const auto& rec : *r) {
      Investigator inv = rec.info;
      inv.public_key.clear();
      inv.permissions = PermissionNames(rec.permission_mask);
      item("investigator", inv.id, WriteInvestigator(inv, false));
    }
  }
  return Status::Ok();
}

std::string NextPage(const std::string& base, const http::Request& req, const Params& p) {
  std::string q;
  for (const auto& [name, value] : req.params) {
    if (name == "offset") continue;
    q += (q.empty() ? "" : "&") + FormEncode(name) + "=" + FormEncode(value);
  }
  q += (q.empty() ? "" : "&") + std::string("offset=") + std::to_string(p.offset + p.limit);
  return base + "/search?" + q;
}

// A search shows what GET /<type> shows, so it needs that permission too:
// search?type=investigator must not list investigators to anyone with search.
uint64_t ReadPermission(const std::string& type) {
  if (type == "action") return kPermAction;
  if (type == "command") return kPermCommand;
  if (type == "agent") return kPermAgent;
  return kPermInvestigator;
}

void Search(ApiContext& ctx, const http::Request& req, http::Response& res) {
  Caller caller;
  if (!Authorize(ctx, req, res, kPermSearch, &caller)) return;
  Collection c;
  c.href = RequestHref(ctx, req);
  auto params = ReadParams(req);
  if (!params.ok()) return SendError(ctx, req, res, 400, params.error());
  if (const uint64_t need = ReadPermission(params->type); !(caller.permissions & need))
    return SendError(ctx, req, res, 403,
                     "Insufficient permissions to search type=" + params->type +
                         ": investigator '" + caller.name + "' lacks the '" +
                         std::string(PermissionName(need)) + "' permission");
  // A 5xx's message (a database's words) goes to the access log only.
  auto fail = [&](int code, const std::string& msg) {
    c.items.clear();
    c.items.push_back(CjItem{c.href, {{"search parameters", EchoParams(*params)}}, {}});
    c.error_code = std::to_string(NewOperationId());
    c.error_message = code >= 500 ? InternalErrorMessage(c.error_code) : msg;
    CurrentRequest().error = c.error_code + " " + msg;
    SendCollection(res, code, c);
  };
  auto store = ctx.pool.Borrow();
  if (!store.ok()) return fail(500, store.error());
  int code = 500;
  if (Status s = Run(**store, *params, ctx.BaseUrl(), c, &code); !s.ok()) {
    // The parameters passed the checks above, but the store still refused
    // them as data (a value out of range): the client's doing, so a 400,
    // but in our words; the database's are logged.
    if (code == 500 && s.is_data_error()) {
      c.items.clear();
      c.items.push_back(CjItem{c.href, {{"search parameters", EchoParams(*params)}}, {}});
      c.error_code = std::to_string(NewOperationId());
      c.error_message = "the store cannot search with these parameters (operation " + c.error_code +
                        "; the API's log has the detail)";
      CurrentRequest().error = c.error_code + " " + s.message();
      return SendCollection(res, 400, c);
    }
    return fail(code, s.message());
  }
  if (c.items.empty()) return fail(404, "no results found");
  if (params->offset > 0) {
    std::string value = "{\"limit\":" + std::to_string(params->limit) +
                        ",\"offset\":" + std::to_string(params->offset) + ",\"next\":";
    AppendGoString(value, NextPage(ctx.BaseUrl(), req, *params));
    c.items.push_back(CjItem{c.href, {{"pagination", value + "}"}}, {}});
  }
  c.items.push_back(CjItem{c.href, {{"search parameters", EchoParams(*params)}}, {}});
  SendCollection(res, 200, c);
}

}  // namespace

void AddSearchRoutes(http::Router& s, ApiContext& ctx) {
  s.Get(ctx.Route("/search"),
        [&ctx](const http::Request& req, http::Response& res) { Search(ctx, req, res); });
}

}  // namespace mig::api
