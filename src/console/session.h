// What every console mode shares: the API, the line reader and the output,
// and the loop that reads a mode's commands.
#pragma once

#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "console/console_api.h"
#include "console/line_reader.h"

namespace mig::console {

struct Session {
  ConsoleApi& api;
  LineReader& reader;
  std::ostream& out;
  std::string config_text;  // what `showcfg` prints
};

// One command of a mode: its name, argument synopsis and help line, and the
// words that complete its first argument.
struct ModeCommand {
  std::string name;
  std::string args;
  std::string help;
  std::vector<std::string> arguments;
};

// Handles a known command (words[0] is its name; rest is the raw text after
// it, for arguments whose quotes matter, like target expressions); returns
// false to leave the mode.
using ModeHandler =
    std::function<bool(const std::vector<std::string>& words, const std::string& rest)>;

// Reads lines with `prompt` until `exit`, Ctrl-D or the handler returns
// false. Blank lines are skipped; `help` lists `commands`; an unknown
// command or a quoting error prints a message that says what to type.
// `help` and `exit` are added to every mode.
void RunMode(Session& s, const std::string& prompt, std::vector<ModeCommand> commands,
             const ModeHandler& handler);

// Completion candidates for `line` in a mode with these commands.
std::vector<std::string> CompleteInMode(const std::vector<ModeCommand>& commands,
                                        const std::string& line);

// Help text for a mode's commands.
std::string ModeHelp(const std::vector<ModeCommand>& commands);

// The message for a word that is not a command of the mode.
std::string UnknownCommandMessage(const std::string& word,
                                  const std::vector<ModeCommand>& commands);

// Asks one question and returns the trimmed answer; nullopt on Ctrl-D.
std::optional<std::string> Ask(Session& s, const std::string& question);

// Parses a positive ID ("123"); errors name the argument.
Result<long long> ParseId(const std::string& text, const std::string& what);

}  // namespace mig::console
