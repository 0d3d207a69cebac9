#include "client/fleet_command.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <optional>
#include <thread>

#include "client/acl_file.h"
#include "client/action_prepare.h"
#include "client/action_sign.h"
#include "client/action_signatures.h"
#include "client/action_weigh.h"
#include "client/api_client.h"
#include "client/file_io.h"
#include "client/migrc.h"
#include "client/result_printer.h"
#include "core/compression.h"
#include "core/documents_json.h"
#include "core/gojson.h"
#include "core/signed_string.h"

namespace mig::client {
namespace {

constexpr const char* kName = "mig";

std::atomic<bool> g_interrupted{false};

void OnSigint(int) {
  g_interrupted = true;
}

bool Finished(const std::string& status) {
  return status == "completed" || status == "expired" || status == "cancelled" ||
         status == "invalid";
}

// The live line on stderr: agents answered / targeted, found, elapsed. Only
// when stderr is a terminal; cleared before anything else is printed.
class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled), start_(Clock::now()) {
    if (enabled_) ticker_ = std::thread([this] { Tick(); });
  }
  ~Progress() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    if (ticker_.joinable()) ticker_.join();
    Clear();
  }
  void Set(int64_t answered, int64_t targeted, size_t found) {
    std::lock_guard<std::mutex> lock(mu_);
    answered_ = answered;
    targeted_ = targeted;
    found_ = found;
    DrawLocked();
  }
  // Runs fn (which prints) with the line cleared, then redraws it.
  template <typename F>
  void Around(F fn) {
    std::lock_guard<std::mutex> lock(mu_);
    if (enabled_) std::cerr << "\r\033[K" << std::flush;
    fn();
    DrawLocked();
  }
  void Clear() {
    std::lock_guard<std::mutex> lock(mu_);
    if (enabled_ && drawn_) std::cerr << "\r\033[K" << std::flush;
    drawn_ = false;
  }

 private:
  using Clock = std::chrono::steady_clock;
  void Tick() {
    for (;;) {
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
      std::lock_guard<std::mutex> lock(mu_);
      if (stop_) return;
      DrawLocked();
    }
  }
  void DrawLocked() {
    if (!enabled_) return;
    const double s = std::chrono::duration<double>(Clock::now() - start_).count();
    char buf[160];
    std::snprintf(buf, sizeof(buf), "\r\033[K%lld/%lld agents answered, %zu found, %.1fs",
                  static_cast<long long>(answered_), static_cast<long long>(targeted_), found_, s);
    std::cerr << buf << std::flush;
    drawn_ = true;
  }
  bool enabled_;
  Clock::time_point start_;
  std::mutex mu_;
  std::thread ticker_;
  bool stop_ = false, drawn_ = false;
  int64_t answered_ = 0, targeted_ = 0;
  size_t found_ = 0;
};

int Fail(const std::string& message) {
  std::cerr << kName << ": " << message << "\n";
  return 2;
}

int ApiFailure(const ApiError& e) {
  if (e.http_status == 0 && e.message.find("TLS certificate") == std::string::npos) {
    return Fail(e.ToString() +
                "; check that mig-api runs there and that [api] url in your migrc is right");
  }
  return Fail(e.ToString());
}

// Reads -i FILE: times from -e when the file has none. A file signed
// already (by colleagues, mig action sign --append) is taken as it is: any
// change would break their signatures.
Result<Action> ReadActionFile(const FleetOptions& o, const Time& now) {
  auto text = ReadWholeFile(o.action_file);
  if (!text.ok()) return text.status();
  if (auto presigned = ParseAction(*text); presigned.ok() && !presigned->pgp_signatures.empty()) {
    if (o.expiration_given) {
      std::cerr << "notice: -e ignored: " << o.action_file
                << " is signed already and its times are part of what was signed\n";
    }
    return presigned;
  }
  Json doc = Json::parse(*text, nullptr, false);
  if (doc.is_object() && !doc.contains("validfrom") && !doc.contains("expireafter")) {
    doc["validfrom"] = FormatTime(now.AddSeconds(-kValidFromSkewSeconds));
    doc["expireafter"] = FormatTime(now.AddSeconds(o.expiration_seconds));
    *text = doc.dump();
  }
  auto action = ReadActionForSigning(*text, now);
  if (!action.ok()) return action.status().Context(o.action_file);
  return action;
}

// Prints, on stderr, each signature and each operation's weight. When
// launching, refuses an action a signature of which does not verify, or
// (with [agents] acl) an operation of which lacks weight: agents would
// refuse it everywhere.
Status WeighBeforeLaunch(const Migrc& rc, const Action& action, bool launching) {
  std::optional<Acl> acl;
  if (!rc.agents_acl.empty()) {
    auto loaded = LoadAclFile(rc.agents_acl);
    if (!loaded) return loaded.status().Context("[agents] acl of " + rc.path);
    acl = std::move(*loaded);
  }
  auto signatures = InspectSignatures(
      action, {.keyring_files = {}, .use_gnupg = true, .gnupg_home = rc.gpg_home});
  if (!signatures) return signatures.status();
  const auto report =
      WeighAction(action, *signatures, acl ? &*acl : nullptr, RegistryRespondModules());
  for (const auto& line : report.lines)
    std::cerr << line << "\n";
  if (!launching) return Status::Ok();
  for (size_t i = 0; i < signatures->size(); ++i) {
    if ((*signatures)[i].state == SignatureState::kBroken) {
      return Status::Error("not launched: signature " + std::to_string(i + 1) +
                           " does not verify over the action as it is now; the file was changed "
                           "after it was signed");
    }
  }
  if (acl && !report.enough) {
    return Status::Error("not launched: the signatures lack weight in " + rc.agents_acl +
                         " (above), so agents would refuse the action; another investigator "
                         "adds theirs with mig action sign --append FILE");
  }
  return Status::Ok();
}

void PrintSummary(const ResultPrinter& printer, int64_t targeted, bool interrupted, Id id,
                  ShowMode show, bool verbose) {
  std::cerr << printer.answered() << " of " << targeted << " agents answered, "
            << printer.agents_found() << " found something";
  if (interrupted) std::cerr << " (stopped following; the action keeps running)";
  std::cerr << "; action " << id << "\n";
  if (show != ShowMode::kAll) {
    for (const auto& p : printer.problems())
      std::cerr << "  " << p << "\n";
  }
  if (printer.skipped_entries() > 0) {
    std::cerr << "  " << printer.skipped_entries()
              << " dangling link(s) or unreadable entries skipped"
              << (verbose ? ":" : " (-v lists them)") << "\n";
    if (verbose) {
      for (const auto& e : printer.skipped_examples())
        std::cerr << "    " << e << "\n";
      if (printer.skipped_entries() > printer.skipped_examples().size()) std::cerr << "    ...\n";
    }
  }
}

// MIG's way when the follow endpoint is missing: poll the action every 2 s,
// then read the commands page by page.
ApiResult<bool> Poll(ApiClient& api, Id id, const Action& sent, ResultPrinter& printer,
                     Progress& progress) {
  const std::string ids = std::to_string(id);
  for (;;) {
    auto c = api.Get("action?actionid=" + ids);
    if (!c.ok()) return c.error();
    if (c->items.empty()) break;
    auto a = ActionFromJson(c->items[0].Value("action"));
    if (!a.ok()) return ApiError{200, "reading the action: " + a.error(), api.url()};
    progress.Set(a->counters.done, a->counters.sent, printer.agents_found());
    if (Finished(a->status) || Time::Now() > sent.expire_after.AddSeconds(10)) break;
    for (int i = 0; i < 20 && !g_interrupted; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (g_interrupted) break;
  }
  for (int offset = 0;; offset += 37) {
    auto page = api.Get("search?type=command&limit=37&offset=" + std::to_string(offset) +
                        "&actionid=" + ids);
    if (!page.ok()) return page.error();
    int n = 0;
    for (const auto& item : page->items) {
      const Json& v = item.Value("command");
      if (v.is_null()) continue;
      auto cmd = CommandFromJson(v);
      if (!cmd.ok()) continue;
      ++n;
      progress.Around([&] { printer.Add(*cmd); });
    }
    if (n == 0) break;
  }
  return true;
}

}  // namespace

Action BuildFleetAction(const std::string& module, const Json& parameters, const FleetOptions& o,
                        const std::map<std::string, std::string>& macros, const Time& now) {
  Action a;
  a.name = o.name.empty() ? DefaultActionName(module, o.module_args) : o.name;
  a.target = ResolveTarget(o, macros);
  a.valid_from = now.AddSeconds(-kValidFromSkewSeconds);
  a.expire_after = now.AddSeconds(o.expiration_seconds);
  a.operations = std::vector<Operation>{{module, parameters, false, o.compress}};
  a.syntax_version = 2;
  if (o.compress) CompressWantedOperations(a);
  return a;
}

int RunFleetCommand(const std::string& module, const Json& parameters, const FleetOptions& o) {
  const std::string rc_path = o.config_path.empty() ? DefaultMigrcPath() : o.config_path;
  auto rc = LoadMigrc(rc_path);
  // -p needs no configuration (macros only when there is one).
  if (!rc.ok() && !o.print_only) {
    return Fail(rc.error() + (module.empty() ? ""
                                             : "\n(to run the module on this machine: mig " +
                                                   module + " -t local ...)"));
  }
  const std::map<std::string, std::string> no_macros;
  const auto& macros = rc.ok() ? rc->macros : no_macros;
  const Time now = Time::Now();

  Action action;
  if (!o.action_file.empty()) {
    auto read = ReadActionFile(o, now);
    if (!read.ok()) return Fail(read.error());
    action = std::move(*read);
    if (action.pgp_signatures.empty()) CompressWantedOperations(action);
  } else {
    if (o.target.empty()) std::cerr << "notice: no -t given, targeting " << kDefaultTarget << "\n";
    action = BuildFleetAction(module, parameters, o, macros, now);
  }
  if (auto ok = CheckSignable(action, now); !ok) return Fail("invalid action: " + ok.message());
  if (o.print_only) {
    std::cout << IndentGoJson(WriteAction(action)) << "\n";
    return 0;
  }
  if (auto ok = SignActionWithMigrc(*rc, action); !ok) return Fail(ok.message());
  // What the signatures weigh: always for -i (maybe signed by several
  // investigators), for a module when the migrc names the agents' ACL.
  if (!o.action_file.empty() || !rc->agents_acl.empty()) {
    if (auto ok = WeighBeforeLaunch(*rc, action, /*launching=*/!o.sign_only); !ok)
      return Fail(ok.message());
  }
  if (o.sign_only) {
    std::cout << IndentGoJson(WriteAction(action)) << "\n";
    return 0;
  }

  ApiClientOptions api_options = ApiOptionsFromMigrc(*rc);
  api_options.cancel = &g_interrupted;
  if (o.verbose)
    api_options.debug = [](const std::string& l) { std::cerr << "debug: " << l << "\n"; };
  auto api = ApiClient::Create(api_options);
  if (!api.ok()) return Fail(rc_path + ": " + api.error());

  auto count = (*api)->Get("search?type=agent&limit=1000000&target=" + UrlEncode(action.target));
  if (!count.ok()) {
    // The API refused the target expression: say so in its words, without
    // the long search URL it was sent in.
    if (count.error().http_status == 400)
      return Fail("target \"" + action.target + "\": " + count.error().message);
    return ApiFailure(count.error());
  }
  int64_t targeted = 0;
  for (const auto& item : count->items)
    targeted += item.Value("agent").is_null() ? 0 : 1;
  if (targeted == 0) {
    std::cerr << "no agent matches target " << action.target << "; nothing launched\n";
    return 1;
  }
  std::cerr << targeted << " agent" << (targeted == 1 ? "" : "s") << " will be targeted\n";

  auto created = (*api)->PostForm("action/create/", {{"action", WriteAction(action)}});
  if (!created.ok()) return ApiFailure(created.error());
  Id id = 0;
  if (!created->items.empty() && !created->items[0].data.empty()) {
    const Json& v = created->items[0].data[0].value;
    if (v.is_object() && v.contains("id") && v["id"].is_number()) id = v["id"].get<Id>();
  }
  if (id <= 0) return Fail("the API accepted the action but returned no action ID");
  std::cerr << "action " << id << " launched; following results (Ctrl-C stops following)\n";

  auto old_handler = std::signal(SIGINT, OnSigint);
  Action launched = action;
  launched.id = id;
  ResultPrinter printer = o.findings_format
                              ? ResultPrinter(launched, o.show, *o.findings_format, std::cout)
                              : ResultPrinter(launched, o.show, o.json, std::cout);
  ApiResult<bool> followed = true;
  {
    Progress progress(isatty(2) != 0 && !o.verbose);
    progress.Set(0, targeted, 0);
    bool ended = false;
    int64_t done = 0, sent = targeted;
    auto update = [&] {
      progress.Set(std::max(done, static_cast<int64_t>(printer.answered())), sent,
                   printer.agents_found());
    };
    auto on_event = [&](const std::string& event, const std::string& data) {
      if (event == "command") {
        auto cmd = ParseCommand(data);
        if (cmd.ok()) progress.Around([&] { printer.Add(*cmd); });
        update();
      } else if (event == "action") {
        auto a = ParseAction(data);
        if (a.ok()) {
          done = a->counters.done;
          sent = std::max(targeted, a->counters.sent);
          update();
        }
      } else if (event == "end") {
        ended = true;
        return false;
      }
      return true;
    };
    followed = (*api)->Follow("action/follow?actionid=" + std::to_string(id), on_event);
    // No follow endpoint (an older API): poll like MIG.
    if (!g_interrupted && (!followed.ok() || !ended)) {
      if (o.verbose && !followed.ok())
        std::cerr << "debug: follow failed (" << followed.error().ToString() << "), polling\n";
      followed = Poll(**api, id, action, printer, progress);
    }
  }
  std::signal(SIGINT, old_handler);
  if (!followed.ok()) return ApiFailure(followed.error());
  PrintSummary(printer, targeted, g_interrupted, id, o.show, o.verbose);
  return printer.any_found() ? 0 : 1;
}

}  // namespace mig::client
