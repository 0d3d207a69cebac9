#include "modules/scribe/engine/tests_run.h"

#include <re2/re2.h>

#include <memory>
#include <unordered_map>

#include "modules/scribe/evr.h"

namespace mig::modules::scribe {
namespace {

// The evaluator a test uses, in the priority of section 3.7.
class Evaluator {
 public:
  explicit Evaluator(const Test& t) : test_(t) {}

  Result<bool> operator()(const std::string& value) {
    if (!test_.evr_value.empty()) return EvrHolds(value, test_.evr_operation, test_.evr_value);
    if (!test_.regexp.empty()) {
      if (!re_) {
        re_ = std::make_unique<RE2>(test_.regexp, RE2::Quiet);
        if (!re_->ok()) re_error_ = "invalid regexp '" + test_.regexp + "': " + re_->error();
      }
      if (!re_error_.empty()) return Status::Error(re_error_);
      return RE2::PartialMatch(value, *re_);
    }
    if (!test_.exactmatch.empty()) return value == test_.exactmatch;
    return true;  // no-op
  }

 private:
  const Test& test_;
  std::unique_ptr<RE2> re_;
  std::string re_error_;
};

class Runner {
 public:
  Runner(const Document& d, const std::vector<PreparedObject>& objects)
      : doc_(d), objects_(objects), results_(d.tests.size()), evaluated_(d.tests.size(), false) {
    for (size_t i = 0; i < d.tests.size(); ++i)
      test_index_.try_emplace(d.tests[i].id, i);  // the first test with an id
    for (size_t i = 0; i < d.objects.size(); ++i)
      object_index_.try_emplace(d.objects[i].id, i);
  }

  std::vector<TestResult> Run() {
    for (size_t i = 0; i < doc_.tests.size(); ++i)
      Evaluate(i, 0);
    return std::move(results_);
  }

 private:
  // Status is what "running" the test returns to a dependent: an error
  // only when the test was evaluated now and failed.
  Status Evaluate(size_t index, int depth) {
    if (evaluated_[index]) return Status::Ok();
    evaluated_[index] = true;
    const Test& t = doc_.tests[index];
    TestResult& r = results_[index];
    r.testid = t.id;
    r.name = t.name;
    r.description = t.description;
    r.tags = t.tags;
    if (depth > kMaxDependencyDepth)
      return Fail(r, "test dependencies nested deeper than " + std::to_string(kMaxDependencyDepth));
    std::vector<size_t> deps;
    for (const std::string& dep : t.if_tests) {
      auto it = test_index_.find(dep);
      if (it == test_index_.end()) return Fail(r, "unknown test \"" + dep + "\"");
      if (Status st = Evaluate(it->second, depth + 1); !st)
        return Fail(r, "a test dependency failed (\"" + dep + "\")");
      deps.push_back(it->second);
    }
    auto obj = object_index_.find(t.object);
    if (obj == object_index_.end()) return Fail(r, "unknown object \"" + t.object + "\"");
    const PreparedObject& o = objects_[obj->second];
    if (!o.error.empty()) return Fail(r, o.error);
    if (!o.prepared) return Fail(r, "object not prepared");
    Evaluator evaluate(t);
    std::vector<SubResult> subs;
    for (const Criterion& c : o.criteria) {
      auto v = evaluate(c.value);
      if (!v) return Fail(r, v.error());
      subs.push_back(SubResult{*v, c.identifier});
      if (*v) r.hastrueresults = true;
    }
    if (!subs.empty()) r.results = std::move(subs);
    r.masterresult = r.hastrueresults;
    for (size_t d : deps)
      if (!results_[d].masterresult) r.masterresult = false;
    return Status::Ok();
  }

  static Status Fail(TestResult& r, const std::string& error) {
    r.iserror = true;
    r.error = error;
    r.masterresult = false;
    r.hastrueresults = false;
    r.results.reset();
    return Status::Error(error);
  }

  const Document& doc_;
  const std::vector<PreparedObject>& objects_;
  std::vector<TestResult> results_;
  std::vector<bool> evaluated_;
  std::unordered_map<std::string, size_t> test_index_, object_index_;
};

}  // namespace

std::vector<TestResult> RunTests(const Document& document,
                                 const std::vector<PreparedObject>& objects) {
  return Runner(document, objects).Run();
}

}  // namespace mig::modules::scribe
