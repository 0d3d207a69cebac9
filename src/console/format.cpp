#include "console/format.h"

#include <cstdio>
#include <sstream>

#include "core/documents_json.h"
#include "modules/registry.h"

namespace mig::console {
namespace {

std::string Pad(std::string s, size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

std::string Cut(std::string s, size_t width) {
  if (s.size() > width) s = s.substr(0, width - 1) + "~";
  return s;
}

const Json& Field(const Json& obj, const std::string& key) {
  static const Json kNull;
  if (!obj.is_object()) return kNull;
  auto it = obj.find(key);
  return it == obj.end() ? kNull : *it;
}

// Times as the API writes them, without the sentinel years MIG uses for
// "not yet" (0001-01-01, 9998-01-01).
std::string TimeText(const Json& obj, const std::string& key) {
  const std::string t = Str(obj, key);
  if (t.empty() || t.rfind("0001-01-01", 0) == 0 || t.rfind("9998-01-01", 0) == 0) return "-";
  return t;
}

}  // namespace

std::string Str(const Json& obj, const std::string& key) {
  const Json& v = Field(obj, key);
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  if (v.is_number_float()) {
    // IDs come as floats from Go-style writers: print them whole.
    const double d = v.get<double>();
    char buf[64];
    std::snprintf(buf, sizeof buf,
                  d == static_cast<double>(static_cast<long long>(d)) ? "%.0f" : "%g", d);
    return buf;
  }
  return v.dump();
}

long long Num(const Json& obj, const std::string& key) {
  const Json& v = Field(obj, key);
  if (v.is_number_integer() || v.is_number_unsigned()) return v.get<long long>();
  if (v.is_number_float()) return static_cast<long long>(v.get<double>());
  return 0;
}

std::string PrettyJson(const Json& value) {
  return value.dump(4);
}

std::string FormatDashboard(const std::vector<ApiItem>& items) {
  std::ostringstream out;
  bool stats = false;
  std::vector<const Json*> actions;
  for (const auto& item : items) {
    for (const auto& [name, value] : item.data) {
      if (name == "action") {
        actions.push_back(&value);
        continue;
      }
      stats = true;
      // MIG's API sends null for an empty list of versions (a nil Go slice).
      if (value.is_null() && name.find("by version") != std::string::npos) {
        out << "  " << name << ": none\n";
      } else if (value.is_array()) {
        out << "  " << name << ":";
        for (const auto& v : value)
          out << " " << Str(v, "version") << "=" << Num(v, "count");
        out << (value.empty() ? " none" : "") << "\n";
      } else {
        out << "  " << Pad(name + ":", 36)
            << (value.is_string() ? value.get<std::string>() : value.dump()) << "\n";
      }
    }
  }
  std::string head = "Agents\n";
  if (!stats) head += "  no statistics yet (the scheduler computes them periodically)\n";
  out << "Latest actions\n";
  if (actions.empty()) out << "  none\n";
  if (!actions.empty()) out << "  " << HeaderFor("action") << "\n";
  for (const Json* a : actions)
    out << "  " << ActionLine(*a) << "\n";
  return head + out.str();
}

namespace {

// "Name <email>", without empty parts (actions launched from mig carry no
// description).
std::string AuthorText(const Json& description) {
  const std::string name = Str(description, "author");
  const std::string email = Str(description, "email");
  if (name.empty() && email.empty()) return "(not given)";
  if (email.empty()) return name;
  return name.empty() ? "<" + email + ">" : name + " <" + email + ">";
}

}  // namespace

std::string FormatActionDetails(const Json& a) {
  std::ostringstream out;
  out << "ID             " << Str(a, "id") << "\n"
      << "Name           " << Str(a, "name") << "\n"
      << "Target         " << Str(a, "target") << "\n"
      << "Status         " << Str(a, "status") << "\n"
      << "Author         " << AuthorText(Field(a, "description")) << "\n"
      << "Threat         " << Str(Field(a, "threat"), "family") << " "
      << Str(Field(a, "threat"), "type") << " " << Str(Field(a, "threat"), "level") << "\n"
      << "Valid          " << TimeText(a, "validfrom") << " -> " << TimeText(a, "expireafter")
      << "\n"
      << "Operations     ";
  const Json& ops = Field(a, "operations");
  if (!ops.is_array() || ops.empty()) out << "none";
  for (size_t i = 0; ops.is_array() && i < ops.size(); ++i)
    out << (i ? ", " : "") << Str(ops[i], "module")
        << (ops[i].value("is_compressed", false) ? " (compressed)" : "");
  out << "\n"
      << "Signatures     "
      << (Field(a, "pgpsignatures").is_array() ? Field(a, "pgpsignatures").size() : 0) << "\n"
      << "Investigators  ";
  const Json& inv = Field(a, "investigators");
  for (size_t i = 0; inv.is_array() && i < inv.size(); ++i)
    out << (i ? ", " : "") << Str(inv[i], "name") << " (" << Str(inv[i], "id") << ")";
  out << "\n" << FormatActionCounters(a);
  return out.str();
}

std::string FormatActionCounters(const Json& a) {
  const Json& c = Field(a, "counters");
  std::ostringstream out;
  out << "Counters       sent=" << Num(c, "sent") << " done=" << Num(c, "done")
      << " inflight=" << Num(c, "inflight") << " success=" << Num(c, "success")
      << " cancelled=" << Num(c, "cancelled") << " expired=" << Num(c, "expired")
      << " failed=" << Num(c, "failed") << " timeout=" << Num(c, "timeout") << "\n";
  return out.str();
}

std::string FormatActionTimes(const Json& a) {
  std::ostringstream out;
  out << "Valid from     " << TimeText(a, "validfrom") << "\n"
      << "Expire after   " << TimeText(a, "expireafter") << "\n"
      << "Started        " << TimeText(a, "starttime") << "\n"
      << "Last updated   " << TimeText(a, "lastupdatetime") << "\n"
      << "Finished       " << TimeText(a, "finishtime") << "\n";
  return out.str();
}

std::string FormatActionInvestigators(const Json& a) {
  const Json& inv = Field(a, "investigators");
  if (!inv.is_array() || inv.empty()) return "no investigator signed this action\n";
  std::ostringstream out;
  for (const auto& i : inv)
    out << Str(i, "id") << "  " << Str(i, "name") << "  " << Str(i, "pgpfingerprint") << "\n";
  return out.str();
}

std::string FormatAgentDetails(const Json& a) {
  std::ostringstream out;
  const Json& env = Field(a, "environment");
  out << "ID             " << Str(a, "id") << "\n"
      << "Name           " << Str(a, "name") << "\n"
      << "Status         " << Str(a, "status") << "\n"
      << "Version        " << Str(a, "version") << "\n"
      << "Mode           " << Str(a, "mode") << "\n"
      << "PID            " << Str(a, "pid") << "\n"
      << "Queue          " << Str(a, "queueloc") << "\n"
      << "Started        " << TimeText(a, "starttime") << "\n"
      << "Heartbeat      " << TimeText(a, "heartbeatts") << "\n"
      << "OS             " << Str(env, "os") << " " << Str(env, "arch") << " (" << Str(env, "ident")
      << ", init " << Str(env, "init") << ")\n"
      << "Addresses      ";
  const Json& addrs = Field(env, "addresses");
  for (size_t i = 0; addrs.is_array() && i < addrs.size(); ++i)
    out << (i ? ", " : "") << (addrs[i].is_string() ? addrs[i].get<std::string>() : "");
  out << "\nPublic IP      " << Str(env, "publicip") << "\n"
      << "Modules        ";
  const Json& mods = Field(env, "modules");
  for (size_t i = 0; mods.is_array() && i < mods.size(); ++i)
    out << (i ? ", " : "") << (mods[i].is_string() ? mods[i].get<std::string>() : "");
  out << "\nTags           ";
  const Json& tags = Field(a, "tags");
  if (tags.is_object()) {
    bool first = true;
    for (auto it = tags.begin(); it != tags.end(); ++it, first = false)
      out << (first ? "" : ", ") << it.key() << "="
          << (it->is_string() ? it->get<std::string>() : it->dump());
  }
  out << "\n";
  return out.str();
}

std::string FormatInvestigatorDetails(const Json& i) {
  std::ostringstream out;
  out << "ID             " << Str(i, "id") << "\n"
      << "Name           " << Str(i, "name") << "\n"
      << "Status         " << Str(i, "status") << "\n"
      << "Fingerprint    " << Str(i, "pgpfingerprint") << "\n"
      << "Created        " << TimeText(i, "createdat") << "\n"
      << "Last modified  " << TimeText(i, "lastmodified") << "\n"
      << "API key        " << (Str(i, "apikey").empty() ? "none" : Str(i, "apikey")) << "\n"
      << "Permissions    ";
  const Json& p = Field(i, "permissions");
  bool first = true;
  if (p.is_object())
    for (auto it = p.begin(); it != p.end(); ++it)
      if (it->is_boolean() && it->get<bool>()) {
        out << (first ? "" : " ") << it.key();
        first = false;
      }
  out << (first ? "none" : "") << "\n";
  return out.str();
}

std::string FormatCommandDetails(const Json& c) {
  std::ostringstream out;
  const Json& action = Field(c, "action");
  const Json& agent = Field(c, "agent");
  out << "ID             " << Str(c, "id") << "\n"
      << "Status         " << Str(c, "status") << "\n"
      << "Action         " << Str(action, "id") << " " << Str(action, "name") << "\n"
      << "Agent          " << Str(agent, "id") << " " << Str(agent, "name") << "\n"
      << "Started        " << TimeText(c, "starttime") << "\n"
      << "Finished       " << TimeText(c, "finishtime") << "\n";
  return out.str();
}

std::string HeaderFor(const std::string& type) {
  if (type == "action")
    return Pad("id", 20) + " " + Pad("status", 10) + " " + Pad("done/sent", 10) + " " +
           Pad("valid from (UTC)", 20) + " name";
  if (type == "agent")
    return Pad("id", 20) + " " + Pad("status", 8) + " " + Pad("version", 12) + " " +
           Pad("last heartbeat (UTC)", 20) + " name";
  if (type == "command")
    return Pad("id", 20) + " " + Pad("status", 9) + " " + Pad("action", 20) + " " +
           Pad("found", 5) + " agent";
  if (type == "investigator")
    return Pad("id", 6) + " " + Pad("status", 8) + " " + Pad("fingerprint", 40) + " name";
  return "";
}

std::string ActionLine(const Json& a) {
  const Json& c = Field(a, "counters");
  return Pad(Str(a, "id"), 20) + " " + Pad(Str(a, "status"), 10) + " " +
         Pad(std::to_string(Num(c, "done")) + "/" + std::to_string(Num(c, "sent")), 10) + " " +
         Pad(TimeText(a, "validfrom").substr(0, 19), 20) + " " + Str(a, "name");
}

std::string AgentLine(const Json& a) {
  return Pad(Str(a, "id"), 20) + " " + Pad(Str(a, "status"), 8) + " " +
         Pad(Cut(Str(a, "version"), 12), 12) + " " +
         Pad(TimeText(a, "heartbeatts").substr(0, 19), 20) + " " + Str(a, "name");
}

namespace {

// Whether any result of the command found something.
bool CommandFound(const Json& c) {
  const Json& results = Field(c, "results");
  if (!results.is_array()) return false;
  for (const auto& r : results)
    if (r.is_object() && r.value("foundanything", false)) return true;
  return false;
}

}  // namespace

std::string CommandLine(const Json& c) {
  const std::string status = Str(c, "status");
  return Pad(Str(c, "id"), 20) + " " + Pad(status, 9) + " " +
         Pad(Str(Field(c, "action"), "id"), 20) + " " +
         Pad(status == "success" ? (CommandFound(c) ? "yes" : "no") : "-", 5) + " " +
         Str(Field(c, "agent"), "name");
}

std::string InvestigatorLine(const Json& i) {
  return Pad(Str(i, "id"), 6) + " " + Pad(Str(i, "status"), 8) + " " +
         Pad(Str(i, "pgpfingerprint"), 40) + " " + Str(i, "name");
}

std::string FormatSearchResults(const std::string& type, const std::vector<ApiItem>& items) {
  std::ostringstream out;
  size_t n = 0;
  for (const auto& item : items) {
    const Json& v = item.Value(type);
    if (v.is_null()) continue;  // pagination and "search parameters" items
    if (n++ == 0) out << HeaderFor(type) << "\n";
    if (type == "action")
      out << ActionLine(v) << "\n";
    else if (type == "agent")
      out << AgentLine(v) << "\n";
    else if (type == "command")
      out << CommandLine(v) << "\n";
    else if (type == "investigator")
      out << InvestigatorLine(v) << "\n";
    else
      out << v.dump() << "\n";
  }
  if (n == 0) return "no results found\n";
  out << n << " " << type << (n == 1 ? "" : "s") << " found\n";
  return out.str();
}

std::vector<std::string> CommandResultLines(const Json& c, bool found_only) {
  std::vector<std::string> lines;
  const std::string agent = Str(Field(c, "agent"), "name");
  const Json& results = Field(c, "results");
  const Json& ops = Field(Field(c, "action"), "operations");
  const std::string status = Str(c, "status");
  if (status != "success" && !found_only) lines.push_back(agent + " command " + status);
  if (!results.is_array()) return lines;
  for (size_t i = 0; i < results.size(); ++i) {
    const std::string module = ops.is_array() && i < ops.size() ? Str(ops[i], "module") : "";
    auto parsed = ModuleResultFromJson(results[i]);
    auto printer = modules::CreateModule(module);
    if (!parsed.ok() || !printer) {
      // A module this console does not know: show what the agent sent.
      if (!found_only || results[i].value("foundanything", false))
        lines.push_back(agent + " " + (module.empty() ? "?" : module) + " " + results[i].dump());
      continue;
    }
    for (const auto& line : printer->Print(*parsed, found_only))
      lines.push_back(agent + " " + line);
    if (!found_only)
      for (const auto& e : parsed->errors)
        lines.push_back(agent + " " + module + " error: " + e);
  }
  return lines;
}

}  // namespace mig::console
