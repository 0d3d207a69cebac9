// The agent reader: `agent <id>` at the top level.
#include "console/format.h"
#include "console/readers.h"

namespace mig::console {

void AgentReader(Session& s, long long id) {
  Json agent;
  if (!FetchOrPrintError(s, "agent", id, agent)) return;
  s.out << "Entering agent reader mode. Type exit or press Ctrl-D to leave, help for help.\n"
        << "Agent " << Str(agent, "id") << " name '" << Str(agent, "name") << "' status "
        << Str(agent, "status") << "\n";
  const std::vector<ModeCommand> commands = {
      {"details", "", "show the agent", {}},
      {"json", "[pretty]", "the agent as JSON", {"pretty"}},
      {"lastactions", "[n]", "the last n commands this agent received (default 10)", {}},
      {"r", "", "reload the agent", {}},
  };
  RunMode(
      s, "mig agent " + std::to_string(id) + "> ", commands,
      [&](const std::vector<std::string>& w, const std::string&) {
        const std::string& c = w[0];
        if (c == "details") {
          s.out << FormatAgentDetails(agent);
        } else if (c == "json") {
          s.out << (w.size() > 1 && w[1] == "pretty" ? PrettyJson(agent) : agent.dump()) << "\n";
        } else if (c == "r") {
          if (FetchOrPrintError(s, "agent", id, agent))
            s.out << "reloaded: status " << Str(agent, "status") << "\n";
        } else if (c == "lastactions") {
          auto n = w.size() > 1 ? ParseId(w[1], "the number of actions") : Result<long long>(10);
          if (!n) {
            s.out << "usage: lastactions [n]: " << n.error() << "\n";
            return true;
          }
          auto items = s.api.Get("search", {{"type", "command"},
                                            {"agentid", std::to_string(id)},
                                            {"limit", std::to_string(*n)}});
          if (!items) {
            s.out << "error: " << items.error() << "\n";
            return true;
          }
          size_t k = 0;
          for (const auto& item : *items) {
            const Json& cmd = item.Value("command");
            if (cmd.is_null()) continue;
            if (k++ == 0) s.out << "action               command              status    name\n";
            const Json& a = cmd.contains("action") ? cmd["action"] : Json();
            std::string aid = Str(a, "id"), cid = Str(cmd, "id"), st = Str(cmd, "status");
            aid.resize(std::max<size_t>(aid.size(), 20), ' ');
            cid.resize(std::max<size_t>(cid.size(), 20), ' ');
            st.resize(std::max<size_t>(st.size(), 9), ' ');
            s.out << aid << " " << cid << " " << st << " " << Str(a, "name") << "\n";
          }
          if (k == 0) s.out << "this agent has received no action\n";
        }
        return true;
      });
}

void CommandReader(Session& s, long long id) {
  Json command;
  if (!FetchOrPrintError(s, "command", id, command)) return;
  s.out << "Entering command reader mode. Type exit or press Ctrl-D to leave, help for help.\n"
        << "Command " << Str(command, "id") << " ran on agent '"
        << Str(command.contains("agent") ? command["agent"] : Json(), "name") << "' status "
        << Str(command, "status") << "\n";
  const std::vector<ModeCommand> commands = {
      {"details", "", "show the command", {}},
      {"json", "", "the command as JSON", {}},
      {"r", "", "reload the command", {}},
      {"results", "[found]", "the agent's results (default all)", {"found", "all"}},
  };
  RunMode(s, "mig command " + std::to_string(id) + "> ", commands,
          [&](const std::vector<std::string>& w, const std::string&) {
            const std::string& c = w[0];
            if (c == "details") {
              s.out << FormatCommandDetails(command);
            } else if (c == "json") {
              s.out << PrettyJson(command) << "\n";
            } else if (c == "r") {
              if (FetchOrPrintError(s, "command", id, command))
                s.out << "reloaded: status " << Str(command, "status") << "\n";
            } else if (c == "results") {
              const bool found = w.size() > 1 && w[1] == "found";
              if (w.size() > 1 && w[1] != "found" && w[1] != "all") {
                s.out << "results takes found or all, not '" << w[1] << "'\n";
                return true;
              }
              const auto lines = CommandResultLines(command, found);
              for (const auto& l : lines)
                s.out << l << "\n";
              if (lines.empty()) s.out << (found ? "nothing found\n" : "no results\n");
            }
            return true;
          });
}

}  // namespace mig::console
