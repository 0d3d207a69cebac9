// The result of one lock or unlock: its steps as they happened (or, for a
// dry run, as they would), then the module's result document:
//
//   elements: {"operation":"lock","user":"bob","uid":1001,"dryrun":false,
//              "steps":[{"step":"password","file":"/etc/shadow",
//                        "changed":true,"detail":"..."}, ...]}
//
// foundanything: something changed (or would); success: no error.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/documents.h"

namespace mig::modules::account {

class Report {
 public:
  Report(std::string operation, std::string user, bool dryrun);

  void SetUid(uint32_t uid) { uid_ = uid; }
  // extra's keys are added to the step (pids, from, to...).
  void Step(const std::string& step, const std::string& file, bool changed,
            const std::string& detail, const OrderedJson& extra = OrderedJson::object());
  void Error(std::string message) { errors_.push_back(std::move(message)); }

  ModuleResult Finish() const;
  // A refusal before anything changed: the steps so far, the error, and a
  // sentence saying nothing changed.
  ModuleResult Fail(const std::string& message);

 private:
  std::string operation_, user_;
  bool dryrun_;
  int64_t uid_ = -1;
  OrderedJson steps_ = OrderedJson::array();
  std::vector<std::string> errors_;
  bool changed_ = false;
};

}  // namespace mig::modules::account
