#include "console/search_query.h"

#include <algorithm>

namespace mig::console {
namespace {

constexpr const char* kDefaultLimit = "100";

bool Contains(const std::vector<std::string>& list, const std::string& s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

std::string List(const std::vector<std::string>& list) {
  std::string out;
  for (const auto& s : list)
    out += (out.empty() ? "" : ", ") + s;
  return out;
}

// `name` is whatever the type calls its name; commands are named by their
// action, as MIG's console does.
std::string NameKeyFor(const std::string& type) {
  if (type == "agent") return "agentname";
  if (type == "investigator") return "investigatorname";
  if (type == "manifest") return "manifestname";
  if (type == "loader") return "loadername";
  return "actionname";  // action, command
}

bool IsIdKey(const std::string& key) {
  return key.size() > 2 && key.compare(key.size() - 2, 2, "id") == 0;
}

bool AllDigits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Result<SearchQuery> Fail(const std::string& message) {
  return Result<SearchQuery>::Error(message + "\n  usage: " + SearchUsage());
}

}  // namespace

const std::vector<std::string>& SearchTypes() {
  static const std::vector<std::string> types = {"action",       "agent",    "command",
                                                 "investigator", "manifest", "loader"};
  return types;
}

const std::vector<std::string>& SearchKeys() {
  // MIG's keys plus the API's foundanything, threatfamily, offset and target.
  static const std::vector<std::string> keys = {
      "actionid",         "actionname", "after",     "agentid",       "agentname",
      "agentversion",     "before",     "commandid", "foundanything", "investigatorid",
      "investigatorname", "limit",      "loaderid",  "loadername",    "manifestid",
      "manifestname",     "name",       "offset",    "status",        "target",
      "threatfamily"};
  return keys;
}

std::string SearchUsage() {
  return "search <" + [] {
    std::string t;
    for (const auto& s : SearchTypes())
      t += (t.empty() ? "" : "|") + s;
    return t;
  }() + "> where <key>=<value> [and <key>=<value> ...]";
}

Result<SearchQuery> ParseSearch(const std::vector<std::string>& words) {
  if (words.empty()) return Fail("search needs a type and at least one condition");
  SearchQuery q;
  q.type = words[0];
  if (!Contains(SearchTypes(), q.type))
    return Fail("unknown search type '" + q.type + "'; types are " + List(SearchTypes()));
  q.params.emplace_back("type", q.type);
  if (words.size() < 2 || words[1] != "where")
    return Fail(words.size() < 2
                    ? "search " + q.type + " needs 'where' and a condition"
                    : "expected 'where' after '" + q.type + "', got '" + words[1] + "'");
  size_t i = 2;
  if (i >= words.size())
    return Fail("at least one condition is needed after 'where' (e.g. search " + q.type +
                " where name=*web*)");
  bool has_limit = false;
  while (i < words.size()) {
    // A condition is key=value, or the same split over words: key = value.
    std::string key, value;
    const std::string& w = words[i++];
    const size_t eq = w.find('=');
    if (eq == std::string::npos) {
      key = w;
      if (i >= words.size() || words[i].rfind('=', 0) != 0)
        return Fail("condition '" + key + "' has no value: write " + key + "=<value>");
      value = words[i++].substr(1);
      if (value.empty() && i < words.size() && words[i] != "and") value = words[i++];
    } else {
      key = w.substr(0, eq);
      value = w.substr(eq + 1);
      if (value.empty() && i < words.size() && words[i] != "and") value = words[i++];
    }
    if (key.empty()) return Fail("a condition has no key before '='");
    if (!Contains(SearchKeys(), key))
      return Fail("unknown search key '" + key + "'; keys are " + List(SearchKeys()));
    if (value.empty())
      return Fail("condition '" + key + "' has no value: write " + key + "=<value>");
    if (key == "name") key = NameKeyFor(q.type);
    std::replace(value.begin(), value.end(), '*', '%');
    if ((IsIdKey(key) || key == "limit" || key == "offset") && !AllDigits(value))
      return Fail("'" + key + "' takes a number, not '" + value + "'");
    for (const auto& [k, v] : q.params)
      if (k == key) return Fail("'" + key + "' is given twice");
    if (key == "limit") has_limit = true;
    q.params.emplace_back(key, value);
    if (i < words.size()) {
      if (words[i] != "and")
        return Fail("expected 'and' between conditions, got '" + words[i] + "'");
      if (++i >= words.size()) return Fail("a condition is missing after 'and'");
    }
  }
  if (!has_limit) q.params.emplace_back("limit", kDefaultLimit);
  return q;
}

}  // namespace mig::console
