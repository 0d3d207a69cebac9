// Printing an action's commands as they arrive, for people (one line per
// finding: agent, module, what matched), scripts (-o json: one JSON object
// per line) or alerting (-o ocsf|ecs: the output library's finding lines),
// with MIG's -show filter.
#pragma once

#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "client/fleet_options.h"
#include "core/documents.h"
#include "output/format.h"

namespace mig::client {

class ResultPrinter {
 public:
  // action gives the module of each operation (commands carry results in
  // operation order).
  ResultPrinter(const Action& action, ShowMode show, bool json, std::ostream& out);
  // Findings in a standard format instead of text or -o json.
  ResultPrinter(const Action& action, ShowMode show, output::Format format, std::ostream& out);

  // Prints the command once (later copies of the same ID are ignored).
  void Add(const Command& command);

  size_t answered() const { return seen_.size(); }
  size_t agents_found() const { return agents_found_; }
  bool any_found() const { return agents_found_ > 0; }
  // "agent: status" of commands that did not succeed (failed, timeout,
  // expired, cancelled) and of module errors.
  const std::vector<std::string>& problems() const { return problems_; }
  // Dangling links and unreadable entries the file module skipped (reported
  // by the agent as errors, MIG's way), counted apart from problems(); the
  // first kMaxSkippedExamples as "agent: what".
  size_t skipped_entries() const { return skipped_entries_; }
  const std::vector<std::string>& skipped_examples() const { return skipped_examples_; }
  static constexpr size_t kMaxSkippedExamples = 20;

 private:
  void Line(const Command& c, const std::string& module, const std::string& text);
  Action action_;
  std::vector<std::string> modules_;
  std::optional<output::Format> format_;
  ShowMode show_;
  bool json_;
  std::ostream& out_;
  std::set<Id> seen_;
  size_t agents_found_ = 0;
  std::vector<std::string> problems_;
  size_t skipped_entries_ = 0;
  std::vector<std::string> skipped_examples_;
};

}  // namespace mig::client
