#include "console/session.h"

#include <algorithm>

#include "console/words.h"

namespace mig::console {
namespace {

void AddBuiltins(std::vector<ModeCommand>& commands) {
  auto has = [&](const std::string& n) {
    return std::any_of(commands.begin(), commands.end(),
                       [&](const ModeCommand& c) { return c.name == n; });
  };
  if (!has("help")) commands.push_back({"help", "", "show this help", {}});
  if (!has("exit")) commands.push_back({"exit", "", "leave this mode (Ctrl-D does the same)", {}});
}

// Edit distance, to suggest the command the person probably meant.
size_t Distance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string ModeHelp(const std::vector<ModeCommand>& commands) {
  size_t width = 0;
  for (const auto& c : commands)
    width = std::max(width, c.name.size() + (c.args.empty() ? 0 : c.args.size() + 1));
  std::string out;
  for (const auto& c : commands) {
    std::string left = c.name + (c.args.empty() ? "" : " " + c.args);
    left.append(width + 2 - left.size(), ' ');
    out += "  " + left + c.help + "\n";
  }
  return out;
}

std::string UnknownCommandMessage(const std::string& word,
                                  const std::vector<ModeCommand>& commands) {
  std::string best;
  size_t best_d = 3;  // suggest only close misspellings
  for (const auto& c : commands) {
    const size_t d = Distance(word, c.name);
    if (d < best_d) {
      best_d = d;
      best = c.name;
    }
  }
  std::string msg = "unknown command '" + word + "'";
  msg += best.empty() ? "." : "; did you mean '" + best + "'?";
  return msg + " Type 'help' for the list of commands.";
}

std::vector<std::string> CompleteInMode(const std::vector<ModeCommand>& commands,
                                        const std::string& line) {
  auto words = SplitWords(line);
  std::vector<std::string> w = words.ok() ? *words : std::vector<std::string>{};
  const bool new_word = line.empty() || line.back() == ' ' || line.back() == '\t';
  const size_t index = new_word ? w.size() : (w.empty() ? 0 : w.size() - 1);
  std::vector<std::string> out;
  if (index == 0) {
    for (const auto& c : commands)
      out.push_back(c.name);
  } else if (index == 1) {
    for (const auto& c : commands)
      if (c.name == w[0]) out = c.arguments;
  }
  return out;
}

std::optional<std::string> Ask(Session& s, const std::string& question) {
  s.reader.SetCompleter(nullptr);
  auto line = s.reader.ReadLine(question);
  if (!line) return std::nullopt;
  std::string v = *line;
  const size_t first = v.find_first_not_of(" \t");
  v.erase(0, first == std::string::npos ? v.size() : first);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t'))
    v.pop_back();
  return v;
}

Result<long long> ParseId(const std::string& text, const std::string& what) {
  long long v = 0;
  bool ok = !text.empty() && text.size() < 19;
  for (char c : text)
    if (c < '0' || c > '9') ok = false;
  if (ok) v = std::stoll(text);
  if (!ok || v <= 0)
    return Result<long long>::Error(what + " must be a positive number, not '" + text + "'");
  return v;
}

void RunMode(Session& s, const std::string& prompt, std::vector<ModeCommand> commands,
             const ModeHandler& handler) {
  AddBuiltins(commands);
  for (;;) {
    // Set on every turn: a nested mode replaced it.
    s.reader.SetCompleter(
        [&commands](const std::string& l) { return CompleteInMode(commands, l); });
    auto line = s.reader.ReadLine(prompt);
    if (!line) return;
    auto words = SplitWords(*line);
    if (!words) {
      s.out << "error: " << words.error() << "\n";
      continue;
    }
    if (words->empty()) continue;
    const std::string& cmd = (*words)[0];
    if (cmd == "exit" || cmd == "quit") return;
    if (cmd == "help") {
      s.out << ModeHelp(commands);
      continue;
    }
    const bool known = std::any_of(commands.begin(), commands.end(),
                                   [&](const ModeCommand& c) { return c.name == cmd; });
    if (!known) {
      s.out << UnknownCommandMessage(cmd, commands) << "\n";
      continue;
    }
    // The raw arguments: the line after the command's first word.
    std::string rest = *line;
    rest.erase(0, rest.find_first_not_of(" \t"));
    const size_t gap = rest.find_first_of(" \t");
    rest = gap == std::string::npos ? "" : rest.substr(gap);
    rest.erase(0, rest.find_first_not_of(" \t") == std::string::npos
                      ? rest.size()
                      : rest.find_first_not_of(" \t"));
    while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\t'))
      rest.pop_back();
    if (!handler(*words, rest)) return;
    s.out.flush();
  }
}

}  // namespace mig::console
