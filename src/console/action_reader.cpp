// The action reader: `action <id>` at the top level.
#include <functional>

#include "console/format.h"
#include "console/readers.h"

namespace mig::console {
namespace {

// MIG's clients read commands 37 at a time.
constexpr int kPageSize = 37;

// Calls each(command) for every command of the action matching mode
// (found: found something, notfound: did not, all). Returns the error, if
// any, after printing what came before it.
Status ForEachCommand(Session& s, long long action_id, const std::string& mode,
                      const std::function<void(const Json&)>& each) {
  for (int offset = 0;; offset += kPageSize) {
    Params p = {{"type", "command"},
                {"actionid", std::to_string(action_id)},
                {"limit", std::to_string(kPageSize)},
                {"offset", std::to_string(offset)}};
    if (mode == "found") p.emplace_back("foundanything", "true");
    if (mode == "notfound") p.emplace_back("foundanything", "false");
    auto page = s.api.Get("search", p);
    if (!page) return page.status();
    int n = 0;
    for (const auto& item : *page) {
      const Json& c = item.Value("command");
      if (c.is_null()) continue;
      ++n;
      each(c);
    }
    if (n < kPageSize) return Status::Ok();
  }
}

bool ValidMode(const std::string& m) {
  return m == "found" || m == "notfound" || m == "all";
}

}  // namespace

void PrintActionResults(Session& s, long long action_id, const std::string& mode) {
  size_t commands = 0, lines = 0;
  Status st = ForEachCommand(s, action_id, mode, [&](const Json& c) {
    ++commands;
    for (const auto& line : CommandResultLines(c, mode == "found")) {
      s.out << line << "\n";
      ++lines;
    }
  });
  if (!st.ok()) {
    s.out << "error: " << st.message() << "\n";
    return;
  }
  if (commands == 0)
    s.out << (mode == "found" ? "no agent found anything (yet)" : "no results (yet)") << "\n";
  else
    s.out << commands << " command" << (commands == 1 ? "" : "s") << " " << mode
          << (lines == 0 ? ", nothing to print" : "") << "\n";
}

void ActionReader(Session& s, long long id) {
  Json action;
  if (!FetchOrPrintError(s, "action", id, action)) return;
  s.out << "Entering action reader mode. Type exit or press Ctrl-D to leave, help for help.\n"
        << "Action: '" << Str(action, "name") << "' " << Str(action, "status") << "\n";
  const std::vector<std::string> modes = {"all", "found", "notfound"};
  std::vector<ModeCommand> commands = {
      {"command", "<id>", "enter the reader of one of this action's commands", {}},
      {"commands", "[all|found|notfound]", "list the commands (default all)", modes},
      {"counters", "", "show the commands' progress", {}},
      {"details", "", "show the action", {}},
      {"investigators", "", "who signed the action", {}},
      {"json", "", "the action as JSON", {}},
      {"list", "[all|found|notfound]", "same as commands", modes},
      {"r", "", "reload the action", {}},
      {"results", "[found|notfound|all]", "the agents' results (default found)", modes},
      {"times", "", "validity, start, last update, finish", {}},
  };
  RunMode(s, "mig action " + std::to_string(id) + "> ", commands,
          [&](const std::vector<std::string>& w, const std::string&) {
            const std::string& c = w[0];
            const std::string arg = w.size() > 1 ? w[1] : "";
            if (c == "details") {
              s.out << FormatActionDetails(action);
            } else if (c == "counters") {
              s.out << FormatActionCounters(action);
            } else if (c == "times") {
              s.out << FormatActionTimes(action);
            } else if (c == "investigators") {
              s.out << FormatActionInvestigators(action);
            } else if (c == "json") {
              s.out << PrettyJson(action) << "\n";
            } else if (c == "r") {
              if (FetchOrPrintError(s, "action", id, action))
                s.out << "reloaded: " << Str(action, "status") << "\n"
                      << FormatActionCounters(action);
            } else if (c == "results" || c == "commands" || c == "list") {
              const std::string mode = arg.empty() ? (c == "results" ? "found" : "all") : arg;
              if (!ValidMode(mode)) {
                s.out << c << " takes found, notfound or all, not '" << mode << "'\n";
              } else if (c == "results") {
                PrintActionResults(s, id, mode);
              } else {
                size_t n = 0;
                Status st = ForEachCommand(s, id, mode, [&](const Json& cmd) {
                  if (n++ == 0) s.out << HeaderFor("command") << "\n";
                  s.out << CommandLine(cmd) << "\n";
                });
                if (!st.ok()) s.out << "error: " << st.message() << "\n";
                s.out << n << " command" << (n == 1 ? "" : "s") << "\n";
              }
            } else if (c == "command") {
              auto cid = ParseId(arg, "command ID");
              if (!cid) {
                s.out << "usage: command <id>: " << cid.error() << "\n";
              } else {
                CommandReader(s, *cid);
              }
            }
            return true;
          });
}

}  // namespace mig::console
