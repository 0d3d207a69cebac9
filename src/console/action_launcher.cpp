// The action launcher: `create action` at the top level.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <set>
#include <thread>

#include "client/action_prepare.h"
#include "client/file_io.h"
#include "console/creators.h"
#include "console/format.h"
#include "console/readers.h"
#include "console/words.h"
#include "core/documents_json.h"
#include "core/gcfg.h"
#include "core/signed_string.h"
#include "modules/module_kinds.h"
#include "modules/registry.h"

namespace mig::console {
namespace {

// MIG's launcher: actions live 300 s unless told otherwise.
constexpr int64_t kDefaultLifetimeSeconds = 300;
constexpr int kFollowPollMs = 2000;

std::atomic<bool> g_stop_following{false};

extern "C" void OnInterrupt(int) {
  g_stop_following = true;
}

// "account(respond) file firewall(respond) ...": respond modules change the
// endpoint, and the agents gate them harder (docs/acl.md).
std::string ModuleListing() {
  const std::set<std::string> respond = modules::RespondModuleNames();
  std::string out;
  for (const auto& m : modules::ModuleNames())
    out += " " + m + (respond.count(m) ? "(respond)" : "");
  return out;
}

// The respond modules among the action's operations, in order, once each.
std::vector<std::string> RespondOperations(const Action& action) {
  const std::set<std::string> respond = modules::RespondModuleNames();
  std::vector<std::string> out;
  for (const Operation& op : action.operations.value_or(std::vector<Operation>{}))
    if (respond.count(op.module) && std::find(out.begin(), out.end(), op.module) == out.end())
      out.push_back(op.module);
  return out;
}

bool StillRunning(const std::string& status) {
  return status == "pending" || status == "scheduled" || status == "preparing" ||
         status == "inflight";
}

class Launcher {
 public:
  explicit Launcher(Session& s) : s_(s) {
    action_.operations = std::vector<Operation>{};
    action_.syntax_version = 2;
  }

  // Returns false when the launcher is done (after a launch).
  bool Handle(const std::vector<std::string>& w, const std::string& rest) {
    const std::string& c = w[0];
    if (c == "addoperation") return AddOperation(w), true;
    if (c == "deloperation") return DelOperation(w), true;
    if (c == "compress") return Compress(w), true;
    if (c == "setname") {
      if (rest.empty()) return s_.out << "usage: setname <name>\n", true;
      Change([&] { action_.name = rest; });
    } else if (c == "settarget") {
      if (rest.empty()) return s_.out << "usage: settarget <target expression>\n", true;
      const std::string target = s_.api.ExpandTarget(rest);
      if (target != rest) s_.out << "macro " << rest << ": " << target << "\n";
      Change([&] { action_.target = target; });
    } else if (c == "settimes") {
      SetTimes(w);
    } else if (c == "times") {
      s_.out << "valid from "
             << (times_set_ ? FormatTime(action_.valid_from) : "now - 60 s at launch")
             << "\nexpire after "
             << (times_set_ ? FormatTime(action_.expire_after) : "300 s after launch") << "\n";
    } else if (c == "details") {
      s_.out << FormatActionDetails(Json::parse(WriteAction(action_)));
    } else if (c == "json") {
      s_.out << IndentGoJson(WriteAction(action_), "    ") << "\n";
    } else if (c == "load") {
      Load(w);
    } else if (c == "save") {
      Save(w);
    } else if (c == "listagents") {
      ListAgents();
    } else if (c == "sign") {
      if (Sign()) s_.out << "signed; " << action_.pgp_signatures.size() << " signature(s)\n";
    } else if (c == "launch") {
      return !Launch(w.size() > 1 && w[1] == "nofollow");
    }
    return true;
  }

 private:
  // Any change invalidates the signatures made over the old content.
  template <typename F>
  void Change(F f) {
    f();
    if (!action_.pgp_signatures.empty()) {
      action_.pgp_signatures.clear();
      s_.out << "the action changed: its signatures were removed, sign it again\n";
    }
  }

  void AddOperation(const std::vector<std::string>& w) {
    if (w.size() < 2) {
      s_.out << "usage: addoperation <module> [module options, as for mig <module>]\n  modules:"
             << ModuleListing() << "\n";
      return;
    }
    auto module = modules::CreateModule(w[1]);
    if (!module) {
      s_.out << "unknown module '" << w[1] << "'; modules:" << ModuleListing() << "\n";
      return;
    }
    std::vector<std::string> args(w.begin() + 2, w.end());
    if (args.empty()) {
      // Interactive: show the module's options and ask for them.
      s_.out << module->Usage();
      auto line = Ask(s_, "options for " + w[1] + "> ");
      if (!line) return;
      auto words = SplitWordsOrSay(*line);
      if (!words) return;
      args = *words;
    }
    auto params = module->ParametersFromArgs(args, modules::DiskFiles());
    if (!params) {
      s_.out << "error: " << w[1] << ": " << params.error() << "\n";
      return;
    }
    Change([&] { action_.operations->push_back({w[1], *params, false, false}); });
    if (action_.name.empty()) action_.name = "mig-console " + w[1];
    s_.out << "operation " << action_.operations->size() << " added: " << w[1] << " "
           << params->dump() << "\n";
    if (module->Kind() == modules::ModuleKind::kRespond) {
      s_.out << w[1]
             << " is a respond module: it changes the endpoint (\"dryrun\": true reports "
                "instead). Agents run it only with the signature weight of their ACL's "
             << w[1]
             << " or respond entry (two investigators in the shipped ACLs) and an action "
                "valid for at most [respond] maxvalidity (1 h by default).\n";
    }
  }

  std::optional<std::vector<std::string>> SplitWordsOrSay(const std::string& line);

  void DelOperation(const std::vector<std::string>& w) {
    const size_t n = action_.operations->size();
    auto i = w.size() > 1 ? ParseId(w[1], "the operation number") : Result<long long>::Error("");
    if (!i || static_cast<size_t>(*i) > n) {
      s_.out << "usage: deloperation <n>, n from 1 to " << n << "\n";
      return;
    }
    Change([&] { action_.operations->erase(action_.operations->begin() + (*i - 1)); });
    s_.out << "operation " << *i << " removed\n";
  }

  void Compress(const std::vector<std::string>& w) {
    if (w.size() < 2 || (w[1] != "true" && w[1] != "false")) {
      s_.out << "usage: compress true|false\n";
      return;
    }
    Change([&] {
      for (auto& op : *action_.operations)
        op.want_compressed = w[1] == "true";
    });
  }

  void SetTimes(const std::vector<std::string>& w) {
    if (w.size() == 3 && w[1] == "now") {
      auto d = ParseGoDuration(w[2]);
      if (!d || *d <= 0) {
        s_.out << "error: '" << w[2] << "' is not a positive duration (e.g. 10m, 1h30m)\n";
        return;
      }
      const Time now = Time::Now();
      Change([&] {
        action_.valid_from = now.AddSeconds(-client::kValidFromSkewSeconds);
        action_.expire_after = now.AddSeconds(*d / 1000000000);
      });
    } else if (w.size() == 3) {
      auto from = ParseTime(w[1]);
      auto to = ParseTime(w[2]);
      if (!from || !to) {
        s_.out << "error: " << (from ? to.error() : from.error()) << "\n";
        return;
      }
      Change([&] {
        action_.valid_from = *from;
        action_.expire_after = *to;
      });
    } else {
      s_.out << "usage: settimes now <duration> | settimes <start RFC3339> <stop RFC3339>\n";
      return;
    }
    times_set_ = true;
    s_.out << "valid from " << FormatTime(action_.valid_from) << " to "
           << FormatTime(action_.expire_after) << "\n";
  }

  void Load(const std::vector<std::string>& w) {
    if (w.size() != 2) {
      s_.out << "usage: load <action file>\n";
      return;
    }
    auto text = client::ReadWholeFile(w[1]);
    if (!text) {
      s_.out << "error: " << text.error() << "\n";
      return;
    }
    auto a = client::ReadActionForSigning(*text, Time::Now());
    if (!a) {
      s_.out << "error: " << w[1] << ": " << a.error() << "\n";
      return;
    }
    action_ = std::move(*a);
    times_set_ = true;
    s_.out << "loaded '" << action_.name << "' with " << action_.operations->size()
           << " operation(s) and " << action_.pgp_signatures.size() << " signature(s)\n";
  }

  // Writes the action as it is, signatures included, for a second
  // investigator's `mig action sign --append`.
  void Save(const std::vector<std::string>& w) {
    if (w.size() != 2) {
      s_.out << "usage: save <action file>\n";
      return;
    }
    if (action_.pgp_signatures.empty() && !Sign()) return;
    Status written = client::WriteWholeFile(w[1], WriteAction(action_));
    if (!written.ok()) {
      s_.out << "error: " << written.message() << "\n";
      return;
    }
    s_.out << "saved to " << w[1] << " with " << action_.pgp_signatures.size() << " signature(s)\n";
  }

  void FillTimes() {
    if (times_set_) return;
    const Time now = Time::Now();
    action_.valid_from = now.AddSeconds(-client::kValidFromSkewSeconds);
    action_.expire_after = now.AddSeconds(kDefaultLifetimeSeconds);
  }

  bool Sign() {
    FillTimes();
    client::CompressWantedOperations(action_);
    Status ok = client::CheckSignable(action_, Time::Now());
    if (!ok.ok()) {
      s_.out << "cannot sign yet: " << ok.message() << "\n";
      return false;
    }
    auto sig = s_.api.Sign(SignedString(action_));
    if (!sig) {
      s_.out << "error: signing failed: " << sig.error() << "\n";
      return false;
    }
    action_.pgp_signatures.push_back(*sig);
    times_set_ = true;  // signed over: keep these times
    return true;
  }

  // Number of agents the target selects, or -1 after printing the error.
  long long CountTargets() {
    auto items =
        s_.api.Get("search", {{"type", "agent"}, {"target", action_.target}, {"limit", "1000000"}});
    if (!items) {
      s_.out << "error: " << items.error() << "\n";
      return -1;
    }
    long long n = 0;
    for (const auto& item : *items)
      if (!item.Value("agent").is_null()) ++n;
    return n;
  }

  void ListAgents() {
    if (action_.target.empty()) {
      s_.out << "no target yet: settarget <expression>\n";
      return;
    }
    auto items =
        s_.api.Get("search", {{"type", "agent"}, {"target", action_.target}, {"limit", "1000000"}});
    if (!items)
      s_.out << "error: " << items.error() << "\n";
    else
      s_.out << FormatSearchResults("agent", *items);
  }

  // Returns true when the action was posted.
  bool Launch(bool nofollow) {
    if (action_.target.empty()) {
      s_.out << "no target yet: settarget <expression> (e.g. settarget status='online')\n";
      return false;
    }
    if (action_.operations->empty()) {
      s_.out << "no operation yet: addoperation <module> [options]\n";
      return false;
    }
    if (action_.pgp_signatures.empty() && !Sign()) return false;
    const long long n = CountTargets();
    if (n < 0) return false;
    s_.out << n << " agent" << (n == 1 ? "" : "s") << " will be targeted.\n";
    if (const auto respond = RespondOperations(action_); !respond.empty()) {
      std::string names;
      for (const auto& m : respond)
        names += (names.empty() ? "" : ", ") + m;
      const size_t signatures = action_.pgp_signatures.size();
      s_.out << "respond operations (" << names << ") with " << signatures << " signature"
             << (signatures == 1 ? "" : "s")
             << ": agents refuse them unless the signatures weigh what their ACL wants (two "
                "investigators in the shipped ACLs). For another signature: save <file>, mig "
                "action sign --append <file> by the second investigator, then load <file> "
                "here or mig -i <file>; mig action weigh <file> says what weight it lacks.\n";
    }
    auto answer = Ask(s_, "launch the action? (y/n)> ");
    if (!answer || (*answer != "y" && *answer != "yes")) {
      s_.out << "not launched\n";
      return false;
    }
    auto items = s_.api.PostForm("action/create/", {{"action", WriteAction(action_)}});
    if (!items) {
      s_.out << "error: " << items.error() << "\n";
      return false;
    }
    long long id = 0;
    for (const auto& item : *items)
      for (const auto& [name, value] : item.data)
        if (Num(value, "id") > 0) id = Num(value, "id");
    if (id <= 0) {
      s_.out << "the API accepted the action but returned no ID\n";
      return true;
    }
    s_.out << "Action " << id << " launched.\n";
    if (!nofollow) Follow(id);
    ActionReader(s_, id);
    return true;
  }

  // Polls the action until it finishes, expires or Ctrl-C; one progress line.
  void Follow(long long id) {
    g_stop_following = false;
    struct sigaction sa {
    }, old{};
    sa.sa_handler = &OnInterrupt;
    sigaction(SIGINT, &sa, &old);
    const auto start = std::chrono::steady_clock::now();
    const int64_t deadline = action_.expire_after.Unix() + 10;
    std::string status;
    while (!g_stop_following) {
      auto doc = FetchDocument(s_, "action", id);
      if (doc) {
        const Json& c = (*doc)["counters"];
        status = Str(*doc, "status");
        const long long sent = Num(c, "sent"), done = Num(c, "done");
        const auto secs = std::chrono::duration_cast<std::chrono::seconds>(
                              std::chrono::steady_clock::now() - start)
                              .count();
        s_.out << "\r" << status << ": " << done << "/" << sent << " done, " << Num(c, "success")
               << " succeeded, " << secs << " s   " << std::flush;
        if (!StillRunning(status) || (sent > 0 && done >= sent)) break;
      }
      if (Time::Now().Unix() > deadline) break;
      for (int i = 0; i < kFollowPollMs / 100 && !g_stop_following; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    sigaction(SIGINT, &old, nullptr);
    s_.out << "\n"
           << (g_stop_following ? "stopped following; " : "") << "action " << id << " " << status
           << "\n";
  }

  Session& s_;
  Action action_;
  bool times_set_ = false;
};

std::optional<std::vector<std::string>> Launcher::SplitWordsOrSay(const std::string& line) {
  auto words = SplitWords(line);
  if (!words) {
    s_.out << "error: " << words.error() << "\n";
    return std::nullopt;
  }
  return *words;
}

}  // namespace

void RequestStopFollowing() {
  g_stop_following = true;
}

void ActionLauncher(Session& s) {
  s.out << "Entering action launcher mode. Type help for help, exit or Ctrl-D to leave.\n"
        << "Add operations (addoperation file -path /etc -name ^passwd$), set a target, launch.\n";
  Launcher launcher(s);
  const std::vector<ModeCommand> commands = {
      {"addoperation", "<module> [options]", "add a module run (options as for mig <module>)",
       modules::ModuleNames()},
      {"compress", "true|false", "compress the operations' parameters", {"true", "false"}},
      {"deloperation", "<n>", "remove operation n", {}},
      {"details", "", "show the action", {}},
      {"json", "", "the action as JSON", {}},
      {"launch",
       "[nofollow]",
       "sign if needed, count targets, confirm, post and follow",
       {"nofollow"}},
      {"listagents", "", "the agents the target selects", {}},
      {"load", "<file>", "load an action file (MIG's JSON)", {}},
      {"save", "<file>", "sign if needed and write the action file (for a second signer)", {}},
      {"setname", "<name>", "name the action", {}},
      {"settarget",
       "<expression>|<macro>",
       "target expression (status='online') or a ~/.migrc target macro",
       {}},
      {"settimes",
       "now <duration> | <start> <stop>",
       "validity window (default now, 300 s)",
       {"now"}},
      {"sign", "", "sign the action with your key (~/.migrc)", {}},
      {"times", "", "the validity window", {}},
  };
  RunMode(s, "mig action launcher> ", commands,
          [&](const std::vector<std::string>& w, const std::string& rest) {
            return launcher.Handle(w, rest);
          });
}

}  // namespace mig::console
