// Every command line that README.md and docs/ show for our programs is
// checked here, so a renamed or mistyped flag cannot live on in the docs
// (docs/mig-cli.md once showed -sha256 for the file module's -sha2):
//  - `mig <module> ...` lines run for real with -p (print the action, no API,
//    no key needed), without their `-t local`, so every module flag and value
//    is parsed exactly as a user would type it;
//  - other lines of mig, mig-agent, mig-api, mig-scheduler and mig-console:
//    each flag they use must be one the program's own help lists.
// Lines with placeholders ("...", "<module>", "[-c ...]") are checked for
// their flags only.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "modules/registry.h"
#include "run_mig.h"
#include "test_env.h"

namespace mig::test {
namespace {

namespace fs = std::filesystem;

struct DocCommand {
  std::string where;  // file:line
  std::string text;
};

bool IsOurProgram(const std::string& word) {
  static const std::set<std::string> kPrograms = {"mig", "mig-agent", "mig-api", "mig-scheduler",
                                                  "mig-console"};
  return kPrograms.count(word) > 0;
}

std::string FirstWord(const std::string& line) {
  return line.substr(0, line.find(' '));
}

// Code lines (fenced or indented by four spaces), "$ " prompts and trailing
// "# comments" removed, backslash continuations joined.
std::vector<DocCommand> ReadDocCommands() {
  std::vector<fs::path> files = {fs::path(SourceDir()) / "README.md"};
  for (const auto& e : fs::recursive_directory_iterator(fs::path(SourceDir()) / "docs")) {
    if (e.path().extension() == ".md") files.push_back(e.path());
  }
  std::vector<DocCommand> out;
  for (const auto& file : files) {
    std::ifstream in(file);
    std::string line, pending, pending_where;
    bool fenced = false;
    for (int n = 1; std::getline(in, line); ++n) {
      if (line.rfind("```", 0) == 0) {
        fenced = !fenced;
        continue;
      }
      if (!fenced && line.rfind("    ", 0) != 0 && pending.empty()) continue;
      std::string text = std::regex_replace(line, std::regex("^\\s+|\\s+$"), "");
      if (text.rfind("$ ", 0) == 0) text = text.substr(2);
      if (pending.empty()) {
        if (!IsOurProgram(FirstWord(text))) continue;
        pending_where = fs::relative(file, SourceDir()).string() + ":" + std::to_string(n);
      }
      const bool continued = !text.empty() && text.back() == '\\';
      if (continued) text.pop_back();
      pending += text + " ";
      if (continued) continue;
      pending = std::regex_replace(pending, std::regex("\\s+#\\s.*$|\\s+$"), "");
      out.push_back({pending_where, pending});
      pending.clear();
    }
  }
  return out;
}

bool HasPlaceholder(const std::string& text) {
  return text.find("...") != std::string::npos || text.find('<') != std::string::npos ||
         text.find('[') != std::string::npos;
}

// The flags a line uses: words starting with '-' outside quotes, up to any
// '=' (Go-style "-t=x").
std::vector<std::string> FlagsOf(const std::string& text) {
  std::vector<std::string> flags;
  std::string word;
  char quote = 0;
  auto flush = [&] {
    if (word.size() > 1 && word[0] == '-' && !std::isdigit(static_cast<unsigned char>(word[1])))
      flags.push_back(word.substr(0, word.find('=')));
    word.clear();
  };
  for (char c : text + " ") {
    if (quote) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      continue;
    }
    if (c == ' ' || c == '|' || c == '>') {
      flush();
      continue;
    }
    word += c;
  }
  return flags;
}

// Every module the programs carry, so a new module's docs are checked too.
bool IsModule(const std::string& word) {
  const auto names = modules::ModuleNames();
  return std::find(names.begin(), names.end(), word) != names.end();
}

std::string Binary(const std::string& program) {
  return BinaryDir() + "/apps/" + program + "/" + program;
}

// What the program says about itself for this line: `mig <module> help`,
// `mig action <verb> --help`, `<program> -h`.
std::string HelpFor(const std::vector<std::string>& words) {
  const std::string bin = Quote(Binary(words[0]));
  std::string command = bin + " -h";
  if (words[0] == "mig" && words.size() > 1 && IsModule(words[1]))
    command = bin + " " + words[1] + " help";
  else if (words[0] == "mig" && words.size() > 2 && words[1] == "action")
    command = bin + " action " + words[2] + " --help";
  return RunShell("HOME=/nonexistent " + command).output;
}

std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> words;
  std::istringstream in(text);
  for (std::string w; in >> w;)
    words.push_back(w);
  return words;
}

TEST(DocsCommands, TheDocsShowCommandsOfOurPrograms) {
  // Guards the extractor: if it found nothing, the checks below would pass.
  EXPECT_GE(ReadDocCommands().size(), 30u);
}

TEST(DocsCommands, EveryFlagShownIsOneTheProgramKnows) {
  for (const auto& cmd : ReadDocCommands()) {
    const auto words = Words(cmd.text);
    const std::string help = HelpFor(words);
    ASSERT_FALSE(help.empty()) << cmd.where << ": no help from " << words[0];
    for (const auto& flag : FlagsOf(cmd.text)) {
      // Help texts write flags with one or two dashes.
      const std::string bare = flag.substr(flag.find_first_not_of('-'));
      const bool known = help.find("-" + bare) != std::string::npos;
      EXPECT_TRUE(known) << cmd.where << ": `" << cmd.text << "` uses " << flag << ", which `"
                         << words[0] << "` does not list in its help";
    }
  }
}

TEST(DocsCommands, ModuleLinesParseAsTyped) {
  TempDir home;
  int checked = 0;
  for (const auto& cmd : ReadDocCommands()) {
    const auto words = Words(cmd.text);
    if (words.size() < 2 || words[0] != "mig" || !IsModule(words[1])) continue;
    if (HasPlaceholder(cmd.text) || words.size() == 2 || words[2] == "help") continue;
    std::string rest = cmd.text.substr(cmd.text.find(words[1]) + words[1].size());
    rest = std::regex_replace(rest, std::regex("\\s(-t|--t)(\\s+|=)local\\b|\\s--?local\\b"), "");
    // -p replaces -p and -s (signing needs the reader's own key).
    rest = std::regex_replace(rest, std::regex("\\s-[ps]\\b"), "");
    // In a scratch directory: doc lines may redirect to a file.
    const auto run = RunShell("cd " + Quote(home.path()) + " && HOME=" + Quote(home.path()) + " " +
                              Quote(Binary("mig")) + " " + words[1] + " -p" + rest + " >/dev/null");
    EXPECT_EQ(run.exit_code, 0) << cmd.where << ": `" << cmd.text << "`\n" << run.output;
    ++checked;
  }
  EXPECT_GE(checked, 10);
}

}  // namespace
}  // namespace mig::test
