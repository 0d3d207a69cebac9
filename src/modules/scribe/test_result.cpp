#include "modules/scribe/test_result.h"

#include "modules/go_format.h"
#include "modules/result_json.h"

namespace mig::modules::scribe {

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
  r.testid = StringMember(j, "testid");
  r.name = StringMember(j, "name");
  r.description = StringMember(j, "description");
  if (auto it = j.find("tags"); it != j.end() && it->is_array())
    for (const auto& t : *it)
      if (t.is_object()) r.tags.push_back(Tag{StringMember(t, "key"), StringMember(t, "value")});
  r.iserror = BoolMember(j, "iserror");
  r.error = StringMember(j, "error");
  r.masterresult = BoolMember(j, "masterresult");
  r.hastrueresults = BoolMember(j, "hastrueresults");
  if (auto it = j.find("results"); it != j.end() && it->is_array()) {
    r.results.emplace();
    for (const auto& s : *it)
      if (s.is_object())
        r.results->push_back(SubResult{BoolMember(s, "result"), StringMember(s, "identifier")});
  }
  return r;
}

}  // namespace mig::modules::scribe
