#include "console/console.h"

#include <algorithm>

#include "console/creators.h"
#include "console/format.h"
#include "console/readers.h"
#include "console/search_query.h"
#include "console/words.h"

namespace mig::console {
namespace {

const std::vector<ModeCommand>& TopCommands() {
  static const std::vector<ModeCommand> commands = {
      {"action", "<id>", "enter the action reader", {}},
      {"agent", "<id>", "enter the agent reader", {}},
      {"command", "<id>", "enter the command reader", {}},
      {"create",
       "action|investigator",
       "launch an action / create an investigator",
       {"action", "investigator"}},
      {"exit", "", "leave the console (Ctrl-D does the same)", {}},
      {"help", "", "show this help", {}},
      {"history", "[n]", "the last n lines typed (default 10)", {}},
      {"investigator", "<id>", "enter the investigator reader", {}},
      {"query", "<uri>", "raw GET of an API path or URL, printed as JSON", {}},
      {"search", "<type> where <key>=<value> [and ...]",
       "search actions, agents, commands, investigators", SearchTypes()},
      {"showcfg", "", "the configuration in use", {}},
      {"status", "", "the dashboard: agents and latest actions", {}},
  };
  return commands;
}

void Status(Session& s) {
  auto items = s.api.Get("dashboard", {});
  if (!items) {
    s.out << "error: " << items.error() << "\n";
    return;
  }
  s.out << FormatDashboard(*items);
}

void Search(Session& s, const std::vector<std::string>& w) {
  auto q = ParseSearch(std::vector<std::string>(w.begin() + 1, w.end()));
  if (!q) {
    s.out << "error: " << q.error() << "\n";
    return;
  }
  auto items = s.api.Get("search", q->params);
  if (!items) {
    s.out << "error: " << items.error() << "\n";
    return;
  }
  s.out << FormatSearchResults(q->type, *items);
}

void History(Session& s, const std::vector<std::string>& w) {
  auto n = w.size() > 1 ? ParseId(w[1], "the number of lines") : Result<long long>(10);
  if (!n) {
    s.out << "usage: history [n]: " << n.error() << "\n";
    return;
  }
  const auto& h = s.reader.History();
  // The `history` line itself is the newest entry: show what came before.
  const size_t end = h.empty() ? 0 : h.size() - 1;
  const size_t from = end > static_cast<size_t>(*n) ? end - static_cast<size_t>(*n) : 0;
  for (size_t i = from; i < end; ++i)
    s.out << "  " << (i + 1) << "  " << h[i] << "\n";
}

void Query(Session& s, const std::vector<std::string>& w) {
  if (w.size() != 2) {
    s.out << "usage: query <uri>, e.g. query search?type=agent&agentname=%web%\n";
    return;
  }
  auto body = s.api.GetRaw(w[1]);
  if (!body) {
    s.out << "error: " << body.error() << "\n";
    return;
  }
  auto doc = ParseGoJson(*body);
  s.out << (doc ? PrettyJson(*doc) : *body) << "\n";
}

// Reader commands: `action 123`.
void OpenReader(Session& s, const std::vector<std::string>& w) {
  if (w.size() != 2) {
    s.out << "usage: " << w[0] << " <id> (find IDs with: search " << w[0] << " where ...)\n";
    return;
  }
  auto id = ParseId(w[1], w[0] + " ID");
  if (!id) {
    s.out << "error: " << id.error() << "\n";
    return;
  }
  if (w[0] == "action") ActionReader(s, *id);
  if (w[0] == "agent") AgentReader(s, *id);
  if (w[0] == "command") CommandReader(s, *id);
  if (w[0] == "investigator") InvestigatorReader(s, *id);
}

bool Dispatch(Session& s, const std::vector<std::string>& w) {
  const std::string& c = w[0];
  if (c == "action" || c == "agent" || c == "command" || c == "investigator") {
    OpenReader(s, w);
  } else if (c == "create") {
    if (w.size() == 2 && w[1] == "action") {
      ActionLauncher(s);
    } else if (w.size() == 2 && w[1] == "investigator") {
      CreateInvestigator(s);
    } else if (w.size() == 2 && (w[1] == "loader" || w[1] == "manifest")) {
      s.out << "create " << w[1] << ": loaders and manifests are not supported by this version\n";
    } else {
      s.out << "usage: create action | create investigator\n";
    }
  } else if (c == "search") {
    Search(s, w);
  } else if (c == "status") {
    Status(s);
  } else if (c == "history") {
    History(s, w);
  } else if (c == "query") {
    Query(s, w);
  } else if (c == "showcfg") {
    s.out << s.config_text;
  }
  return true;
}

}  // namespace

std::vector<std::string> CompleteTopLevel(const std::string& line) {
  auto words = SplitWords(line);
  std::vector<std::string> w = words.ok() ? *words : std::vector<std::string>{};
  const bool new_word = line.empty() || line.back() == ' ' || line.back() == '\t';
  const size_t index = new_word ? w.size() : (w.empty() ? 0 : w.size() - 1);
  if (!w.empty() && w[0] == "search" && index >= 2) {
    if (index == 2) return {"where"};
    const std::string& prev = w[index - 1];
    if (prev == "where" || prev == "and") {
      std::vector<std::string> keys;
      for (const auto& k : SearchKeys())
        keys.push_back(k + "=");
      return keys;
    }
    if (new_word) return {"and"};
    return {};
  }
  return CompleteInMode(TopCommands(), line);
}

int RunConsole(Session& s, const ConsoleOptions& options) {
  if (options.banner)
    s.out << "## mig-console: Mozilla InvestiGator console, C++ edition\n"
          << "## API " << s.api.BaseUrl() << "\n"
          << "## type help for the commands, Tab completes, exit or Ctrl-D leaves\n";
  Status(s);
  const auto& commands = TopCommands();
  for (;;) {
    s.reader.SetCompleter(&CompleteTopLevel);
    auto line = s.reader.ReadLine("mig> ");
    if (!line) break;
    auto words = SplitWords(*line);
    if (!words) {
      s.out << "error: " << words.error() << "\n";
      continue;
    }
    if (words->empty()) continue;
    const std::string& c = (*words)[0];
    if (c == "exit" || c == "quit") break;
    if (c == "help") {
      s.out << ModeHelp(commands);
      continue;
    }
    if (std::none_of(commands.begin(), commands.end(),
                     [&](const ModeCommand& m) { return m.name == c; })) {
      s.out << UnknownCommandMessage(c, commands) << "\n";
      continue;
    }
    Dispatch(s, *words);
    s.out.flush();
  }
  s.out << "exit\n";
  return 0;
}

}  // namespace mig::console
