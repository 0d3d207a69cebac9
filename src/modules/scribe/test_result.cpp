#include "modules/scribe/test_result.h"

#include "modules/go_format.h"

namespace mig::modules::scribe {
namespace {

std::string Str(const OrderedJson& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

bool Bool(const OrderedJson& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_boolean() && it->get<bool>();
}

}  // namespace

OrderedJson TestResultToJson(const TestResult& r) {
  OrderedJson j = OrderedJson::object();
  j["testid"] = r.testid;
  j["name"] = r.name;
  j["description"] = r.description;
  if (!r.tags.empty()) {
    OrderedJson tags = OrderedJson::array();
    for (const auto& t : r.tags)
      tags.push_back(OrderedJson{{"key", t.key}, {"value", t.value}});
    j["tags"] = tags;
  }
  j["iserror"] = r.iserror;
  j["error"] = JsonSafe(r.error);
  j["masterresult"] = r.masterresult;
  j["hastrueresults"] = r.hastrueresults;
  if (!r.results) {
    j["results"] = nullptr;
  } else {
    OrderedJson subs = OrderedJson::array();
    for (const auto& s : *r.results)
      subs.push_back(OrderedJson{{"result", s.result}, {"identifier", JsonSafe(s.identifier)}});
    j["results"] = subs;
  }
  return j;
}

TestResult TestResultFromJson(const OrderedJson& j) {
  TestResult r;
  if (!j.is_object()) return r;
  r.testid = Str(j, "testid");
  r.name = Str(j, "name");
  r.description = Str(j, "description");
  if (auto it = j.find("tags"); it != j.end() && it->is_array())
    for (const auto& t : *it)
      if (t.is_object()) r.tags.push_back(Tag{Str(t, "key"), Str(t, "value")});
  r.iserror = Bool(j, "iserror");
  r.error = Str(j, "error");
  r.masterresult = Bool(j, "masterresult");
  r.hastrueresults = Bool(j, "hastrueresults");
  if (auto it = j.find("results"); it != j.end() && it->is_array()) {
    r.results.emplace();
    for (const auto& s : *it)
      if (s.is_object()) r.results->push_back(SubResult{Bool(s, "result"), Str(s, "identifier")});
  }
  return r;
}

}  // namespace mig::modules::scribe
