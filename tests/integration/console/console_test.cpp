// mig-console driven in a pseudo-terminal, as a person would use it, against
// a whole platform: RabbitMQ, SQLite store, mig-scheduler, one mig-agent and
// the mig-api binary. The console signs its tokens and actions through
// GnuPG with the key the agent trusts.
#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>
#include <cstdlib>

#include <chrono>
#include <iostream>
#include <regex>
#include <thread>

#include "api/form.h"
#include "api/token.h"
#include "core/documents_json.h"
#include "core/pgp/sign.h"
#include "gnupg_home.h"
#include "process.h"
#include "pty_session.h"
#include "stack.h"
#include "test_env.h"

namespace mig::test {
namespace {

const std::string kConsole = mig::test::BinaryDir() + "/apps/mig-console/mig-console";
const std::string kApi = mig::test::BinaryDir() + "/apps/mig-api/mig-api";

std::string Hostname() {
  char buf[256] = {};
  gethostname(buf, sizeof buf - 1);
  return buf;
}

// The platform, shared by every test of the suite.
struct Platform {
  // Destroyed bottom-up: the API first, the directory last.
  std::unique_ptr<TempDir> dir;
  std::unique_ptr<Stack> stack;
  std::unique_ptr<GnuPGHome> gpg;
  std::unique_ptr<Process> api;
  int port = 0;
  std::string migrc, bob_key_file, error;

  std::string Token() const {
    static int n = 0;
    const Time now = Time::Now();
    const std::string nonce =
        "console-test-" + std::to_string(getpid()) + "-" + std::to_string(++n);
    auto sig =
        pgp::SignWithKeyFile(api::TokenSignedData(now, nonce), SharedPlatform::Get().secret_key);
    return sig.ok() ? api::TokenHeader(now, nonce, sig->one_line) : "";
  }
};

Platform* g_platform = nullptr;

class ConsoleTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto* p = new Platform;
    g_platform = p;
    const auto& shared = SharedPlatform::Get();
    if (!shared.relay) {
      p->error = "no RabbitMQ";
      return;
    }
    p->dir = std::make_unique<TempDir>("mig-console-test");
    // ctest runs the suite once per store (MIG_CONSOLE_TEST_STORE).
    const char* store = std::getenv("MIG_CONSOLE_TEST_STORE");
    p->stack = std::make_unique<Stack>(store && *store ? store : "sqlite");
    p->stack->StartScheduler();
    p->stack->StartAgent();
    if (!p->stack->WaitForAgents(1)) {
      p->error = "the agent did not come online\n" + p->stack->Logs();
      return;
    }
    // The investigator whose key the agent trusts, bootstrapped in the API.
    const TempDir& d = *p->dir;
    p->port = FreeLoopbackPort();
    WriteFile(d.Sub("api.cfg"),
              "[authentication]\n  enabled = on\n  tokenduration = 10m\n[server]\n"
              "  ip = 127.0.0.1\n  port = " +
                  std::to_string(p->port) + "\n  host = \"http://127.0.0.1:" +
                  std::to_string(p->port) + "\"\n" + p->stack->store_config());
    WriteFile(d.Sub("e2e.asc"), shared.public_key);
    auto init =
        RunShell(kApi + " -c " + d.Sub("api.cfg") +
                 " --init-investigator 'Console Admin' --pubkey " + d.Sub("e2e.asc") + " 2>&1");
    if (init.exit_code != 0) {
      p->error = "mig-api --init-investigator: " + init.output;
      return;
    }
    p->api = std::make_unique<Process>(std::vector<std::string>{kApi, "-c", d.Sub("api.cfg")},
                                       d.Sub("api.log"));
    httplib::Client cli("127.0.0.1", p->port);
    for (int i = 0; i < 200 && !cli.Get("/api/v1/heartbeat"); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    // The console signs through GnuPG: a home holding the trusted secret key.
    p->gpg = std::make_unique<GnuPGHome>();
    WriteFile(d.Sub("e2e.sec"), shared.secret_key);
    auto imp = p->gpg->Gpg("--import " + d.Sub("e2e.sec"));
    if (imp.exit_code != 0) {
      p->error = "gpg --import: " + imp.output;
      return;
    }
    const std::string bob = p->gpg->GenerateKey("Bob Console <bob@example.net>", "ed25519");
    p->bob_key_file = d.Sub("bob.asc");
    WriteFile(p->bob_key_file, p->gpg->ExportPublic(bob));
    p->migrc = d.Sub("migrc");
    WriteFile(p->migrc, "[api]\n    url = \"http://127.0.0.1:" + std::to_string(p->port) +
                            "/api/v1/\"\n[gpg]\n    home = \"" + p->gpg->path() +
                            "\"\n    keyid = \"" + shared.fingerprint +
                            "\"\n[targets]\n    macro = allonline:status='online'\n");
    std::filesystem::create_directories(d.Sub("home"));
  }

  static void TearDownTestSuite() {
    delete g_platform;
    g_platform = nullptr;
  }

  void SetUp() override {
    ASSERT_TRUE(g_platform && g_platform->error.empty()) << g_platform->error;
  }

  // A console in a fresh terminal, its banner and first dashboard read.
  std::unique_ptr<PtySession> Console() {
    auto c = std::make_unique<PtySession>(
        std::vector<std::string>{kConsole, "-c", g_platform->migrc},
        std::vector<std::string>{"HOME=" + g_platform->dir->Sub("home")});
    EXPECT_TRUE(c->WaitFor("mig> ")) << c->All();
    c->Mark();
    return c;
  }

  // Types a line and waits for the next prompt of that mode.
  // Screen() then holds what the line printed and the new prompt.
  static bool Run(PtySession& c, const std::string& line, const std::string& prompt = "mig> ") {
    c.Send(line);
    c.Mark();
    c.Send("\r");
    return c.WaitFor(prompt);
  }

  static std::string ApiLog() { return ReadFile(g_platform->dir->Sub("api.log")); }
};

TEST_F(ConsoleTest, StatusShowsTheOnlineAgentAndTheDashboard) {
  auto c = Console();
  // The scheduler computes statistics every 2 s; wait until they count the agent.
  bool seen = false;
  for (int i = 0; i < 30 && !seen; ++i) {
    ASSERT_TRUE(Run(*c, "status")) << c->All();
    seen = std::regex_search(c->Screen(), std::regex("online agents:\\s+1\\b"));
    if (!seen) std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  EXPECT_TRUE(seen) << c->Screen();
  EXPECT_NE(c->Screen().find("Latest actions"), std::string::npos);
  c->Send("\x04");  // Ctrl-D leaves
  EXPECT_EQ(c->Wait(), 0) << c->All();
}

TEST_F(ConsoleTest, TabCompletesCommandsAndSearchWords) {
  auto c = Console();
  c->Send("sta\t");
  ASSERT_TRUE(c->WaitFor("status ")) << c->Screen();
  c->Mark();
  c->Send("\r");
  EXPECT_TRUE(c->WaitFor("Latest actions")) << c->Screen();
  ASSERT_TRUE(c->WaitFor("mig> "));
  c->Mark();
  c->Send("search ag\t");
  EXPECT_TRUE(c->WaitFor("search agent ")) << c->Screen();
  c->Send("\t");
  EXPECT_TRUE(c->WaitFor("search agent where ")) << c->Screen();
  c->Send("agentn\t");
  EXPECT_TRUE(c->WaitFor("search agent where agentname=")) << c->Screen();
  // Several choices with nothing more in common: they are listed.
  c->Mark();
  c->Send(
      "\x15"
      "c\t");  // Ctrl-U clears the line
  EXPECT_TRUE(c->WaitFor("command  create")) << c->Screen();
  c->Send(
      "\x15"
      "exit\r");
  EXPECT_EQ(c->Wait(), 0);
}

TEST_F(ConsoleTest, UpArrowRecallsThePreviousLineAndHistoryIsSaved) {
  auto c = Console();
  const std::string line = "search agent where name=" + Hostname() + "*";
  ASSERT_TRUE(Run(*c, line)) << c->Screen();
  EXPECT_EQ(CountOf(c->Screen(), "1 agent found"), 1u) << c->Screen();
  c->Mark();
  c->Send("\x1b[A");
  EXPECT_TRUE(c->WaitFor(line)) << c->Screen();
  c->Send("\r");
  EXPECT_TRUE(c->WaitFor("1 agent found")) << c->Screen();
  ASSERT_TRUE(Run(*c, "history 5"));
  EXPECT_NE(c->Screen().find(line), std::string::npos) << c->Screen();
  ASSERT_TRUE(Run(*c, "exit", "exit"));
  EXPECT_EQ(c->Wait(), 0);
  EXPECT_NE(ReadFile(g_platform->dir->Sub("home/.mig_history")).find("search\\040agent"),
            std::string::npos)
      << ReadFile(g_platform->dir->Sub("home/.mig_history"));
  // A new console starts with that history.
  auto again = Console();
  again->Send("\x1b[A");
  EXPECT_TRUE(again->WaitFor("exit")) << again->Screen();
}

TEST_F(ConsoleTest, CreateInvestigatorThenReadIt) {
  auto c = Console();
  c->Send("create investigator\r");
  ASSERT_TRUE(c->WaitFor("name> ")) << c->Screen();
  c->Send("Bob Console\r");
  ASSERT_TRUE(c->WaitFor("public key file> ")) << c->Screen();
  c->Send(g_platform->bob_key_file + "\r");
  ASSERT_TRUE(c->WaitFor("permission sets")) << c->Screen();
  c->Send("PermAdmin\r");
  ASSERT_TRUE(c->WaitFor("created with ID")) << c->Screen() << ApiLog();
  std::smatch m;
  const std::string screen = c->Screen();
  ASSERT_TRUE(std::regex_search(screen, m, std::regex("created with ID (\\d+)"))) << screen;
  const std::string id = m[1];
  const std::string prompt = "mig investigator " + id + "> ";
  ASSERT_TRUE(c->WaitFor(prompt)) << c->Screen();
  ASSERT_TRUE(Run(*c, "details", prompt));
  EXPECT_NE(c->Screen().find("Name           Bob Console"), std::string::npos) << c->Screen();
  EXPECT_NE(c->Screen().find("Status         active"), std::string::npos);
  EXPECT_NE(c->Screen().find("investigator_update"), std::string::npos);
  ASSERT_TRUE(Run(*c, "pubkey", prompt));
  EXPECT_NE(c->Screen().find("BEGIN PGP PUBLIC KEY BLOCK"), std::string::npos);
  ASSERT_TRUE(Run(*c, "setstatus disabled", prompt));
  EXPECT_NE(c->Screen().find("investigator " + id + " updated"), std::string::npos) << c->Screen();
  ASSERT_TRUE(Run(*c, "details", prompt));
  EXPECT_NE(c->Screen().find("Status         disabled"), std::string::npos) << c->Screen();
  ASSERT_TRUE(Run(*c, "setstatus sleeping", prompt));
  EXPECT_NE(c->Screen().find("usage: setstatus active|disabled"), std::string::npos);
  ASSERT_TRUE(Run(*c, "exit"));
  ASSERT_TRUE(Run(*c, "search investigator where name=bob*"));
  EXPECT_NE(c->Screen().find("Bob Console"), std::string::npos) << c->Screen();
  EXPECT_NE(c->Screen().find("1 investigator found"), std::string::npos);
  // The same key twice is refused by the API, and the console says why.
  c->Send("create investigator\r");
  ASSERT_TRUE(c->WaitFor("name> "));
  c->Send("Bob Again\r");
  ASSERT_TRUE(c->WaitFor("public key file> "));
  c->Send(g_platform->bob_key_file + "\r");
  ASSERT_TRUE(c->WaitFor("permission sets"));
  c->Mark();
  c->Send("\r");
  EXPECT_TRUE(c->WaitFor("error: ")) << c->Screen();
  EXPECT_TRUE(c->WaitFor("HTTP 409")) << c->Screen();
}

TEST_F(ConsoleTest, SearchAgentFindsTheAgentAndItsReaderShowsIt) {
  auto c = Console();
  ASSERT_TRUE(Run(*c, "search agent where name=" + Hostname() + " and status=online"));
  const std::string screen = c->Screen();
  EXPECT_NE(screen.find("1 agent found"), std::string::npos) << screen;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(screen, m, std::regex("\\n(\\d+)\\s+online\\s"))) << screen;
  const std::string id = m[1];
  const std::string prompt = "mig agent " + id + "> ";
  ASSERT_TRUE(Run(*c, "agent " + id, prompt)) << c->Screen();
  ASSERT_TRUE(Run(*c, "details", prompt));
  EXPECT_NE(c->Screen().find("Name           " + Hostname()), std::string::npos) << c->Screen();
  EXPECT_NE(c->Screen().find("file"), std::string::npos);  // modules
  ASSERT_TRUE(Run(*c, "exit"));
  ASSERT_TRUE(Run(*c, "search agent where name=no-such-host*"));
  EXPECT_NE(c->Screen().find("no results found"), std::string::npos) << c->Screen();
}

TEST_F(ConsoleTest, RespondOperationsSayWhatTheAgentsWantAndCanBeSavedForASecondSigner) {
  auto c = Console();
  const std::string launcher = "mig action launcher> ";
  ASSERT_TRUE(Run(*c, "create action", launcher));
  ASSERT_TRUE(Run(*c, "addoperation nosuchmodule", launcher));
  EXPECT_NE(c->Screen().find("process(respond)"), std::string::npos) << c->Screen();
  EXPECT_EQ(c->Screen().find("file(respond)"), std::string::npos) << c->Screen();
  ASSERT_TRUE(Run(*c, "addoperation process -name ^no-such-process$ -dryrun", launcher));
  EXPECT_NE(c->Screen().find("process is a respond module"), std::string::npos) << c->Screen();
  ASSERT_TRUE(Run(*c, "settarget allonline", launcher));
  const std::string file = g_platform->dir->Sub("respond-action.json");
  ASSERT_TRUE(Run(*c, "save " + file, launcher));
  EXPECT_NE(c->Screen().find("saved to " + file + " with 1 signature(s)"), std::string::npos)
      << c->Screen();
  const std::string saved = ReadFile(file);
  EXPECT_NE(saved.find("\"module\":\"process\""), std::string::npos) << saved;
  EXPECT_NE(saved.find("pgpsignatures"), std::string::npos) << saved;
  // Loaded back, it keeps its signature; launching says what is missing.
  ASSERT_TRUE(Run(*c, "load " + file, launcher));
  EXPECT_NE(c->Screen().find("with 1 operation(s) and 1 signature(s)"), std::string::npos)
      << c->Screen();
  c->Mark();
  c->Send("launch\r");
  ASSERT_TRUE(c->WaitFor("launch the action? (y/n)> ")) << c->Screen();
  EXPECT_NE(c->Screen().find("respond operations (process) with 1 signature"), std::string::npos)
      << c->Screen();
  ASSERT_TRUE(Run(*c, "n", launcher));
  EXPECT_NE(c->Screen().find("not launched"), std::string::npos) << c->Screen();
  c->Send("exit\r");
  ASSERT_TRUE(c->WaitFor("mig> "));
  c->Send("exit\r");
  EXPECT_EQ(c->Wait(), 0) << c->All();
}

TEST_F(ConsoleTest, ActionLaunchedFromTheConsoleIsFollowedAndItsResultsRead) {
  auto c = Console();
  const std::string launcher = "mig action launcher> ";
  ASSERT_TRUE(Run(*c, "create action", launcher));
  ASSERT_TRUE(Run(*c, "addoperation file -path /etc -name ^passwd$ -maxdepth 1", launcher));
  EXPECT_NE(c->Screen().find("operation 1 added: file"), std::string::npos) << c->Screen();
  ASSERT_TRUE(Run(*c, "addoperation nosuchmodule", launcher));
  EXPECT_NE(c->Screen().find("unknown module 'nosuchmodule'; modules:"), std::string::npos);
  ASSERT_TRUE(Run(*c, "setname console finds passwd", launcher));
  ASSERT_TRUE(Run(*c, "settarget allonline", launcher));  // a ~/.migrc macro
  EXPECT_NE(c->Screen().find("macro allonline: status='online'"), std::string::npos) << c->Screen();
  ASSERT_TRUE(Run(*c, "listagents", launcher));
  EXPECT_NE(c->Screen().find("1 agent found"), std::string::npos) << c->Screen();
  c->Mark();
  c->Send("launch\r");
  ASSERT_TRUE(c->WaitFor("1 agent will be targeted.")) << c->Screen();
  ASSERT_TRUE(c->WaitFor("launch the action? (y/n)> "));
  c->Send("y\r");
  ASSERT_TRUE(c->WaitFor("launched.", 30000)) << c->Screen() << ApiLog();
  std::smatch m;
  std::string screen = c->Screen();
  ASSERT_TRUE(std::regex_search(screen, m, std::regex("Action (\\d+) launched"))) << screen;
  const std::string prompt = "mig action " + std::string(m[1]) + "> ";
  ASSERT_TRUE(c->WaitFor(prompt, 90000)) << c->Screen() << g_platform->stack->Logs();
  EXPECT_NE(c->Screen().find("1/1 done"), std::string::npos) << c->Screen();
  ASSERT_TRUE(Run(*c, "results found", prompt));
  EXPECT_NE(c->Screen().find(Hostname() + " "), std::string::npos) << c->Screen();
  EXPECT_NE(c->Screen().find("/etc/passwd"), std::string::npos) << c->Screen();
  ASSERT_TRUE(Run(*c, "counters", prompt));
  EXPECT_NE(c->Screen().find("sent=1 done=1"), std::string::npos) << c->Screen();
  ASSERT_TRUE(Run(*c, "investigators", prompt));
  EXPECT_NE(c->Screen().find("Console Admin"), std::string::npos) << c->Screen();
  ASSERT_TRUE(Run(*c, "commands", prompt));
  EXPECT_NE(c->Screen().find("success"), std::string::npos) << c->Screen();
  // MIG_CONSOLE_TEST_SHOW=1 prints the whole session, to see what a person sees.
  if (std::getenv("MIG_CONSOLE_TEST_SHOW")) std::cout << c->All() << "\n";
}

TEST_F(ConsoleTest, ActionPostedThroughTheApiIsReadWithResults) {
  // An action submitted by another client (here: straight to the API).
  Action a = g_platform->stack->MakeAction(
      "status='online'",
      {{"file", Json::parse(R"({"searches":{"s1":{"paths":["/etc"],"names":["^hostname$"],
                               "options":{"maxdepth":1}}}})")}});
  httplib::Client cli("127.0.0.1", g_platform->port);
  auto r =
      cli.Post("/api/v1/action/create/", {{"X-PGPAUTHORIZATION", g_platform->Token()}},
               "action=" + api::FormEncode(WriteAction(a)), "application/x-www-form-urlencoded");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 202) << r->body;
  const auto id = Json::parse(r->body)["collection"]["items"][0]["data"][0]["value"]["id"];
  g_platform->stack->WaitForAction(id.get<Id>(), {"completed"}, 60);
  auto c = Console();
  const std::string prompt = "mig action " + std::to_string(id.get<Id>()) + "> ";
  ASSERT_TRUE(Run(*c, "action " + std::to_string(id.get<Id>()), prompt)) << c->Screen();
  ASSERT_TRUE(Run(*c, "details", prompt));
  EXPECT_NE(c->Screen().find("Target         status='online'"), std::string::npos) << c->Screen();
  ASSERT_TRUE(Run(*c, "results all", prompt));
  EXPECT_NE(c->Screen().find("/etc/hostname"), std::string::npos) << c->Screen();
  EXPECT_NE(c->Screen().find("1 command all"), std::string::npos) << c->Screen();
  ASSERT_TRUE(Run(*c, "json", prompt));
  EXPECT_NE(c->Screen().find("\"pgpsignatures\""), std::string::npos);
  ASSERT_TRUE(Run(*c, "results sideways", prompt));
  EXPECT_NE(c->Screen().find("results takes found, notfound or all, not 'sideways'"),
            std::string::npos)
      << c->Screen();
}

TEST_F(ConsoleTest, BadInputGetsHelpfulMessagesNeverACrash) {
  auto c = Console();
  ASSERT_TRUE(Run(*c, "staus"));
  EXPECT_NE(c->Screen().find("unknown command 'staus'; did you mean 'status'? Type 'help'"),
            std::string::npos)
      << c->Screen();
  ASSERT_TRUE(Run(*c, "action abc"));
  EXPECT_NE(c->Screen().find("action ID must be a positive number, not 'abc'"), std::string::npos);
  ASSERT_TRUE(Run(*c, "action 424242"));
  EXPECT_NE(c->Screen().find("error: "), std::string::npos) << c->Screen();
  EXPECT_NE(c->Screen().find("HTTP 404"), std::string::npos) << c->Screen();
  EXPECT_NE(c->Screen().find("not found"), std::string::npos) << c->Screen();
  ASSERT_TRUE(Run(*c, "search agent wher name=x"));
  EXPECT_NE(c->Screen().find("expected 'where' after 'agent', got 'wher'"), std::string::npos);
  ASSERT_TRUE(Run(*c, "search agent where target=\"nmae='x'\""));
  EXPECT_NE(c->Screen().find("error: "), std::string::npos) << c->Screen();
  ASSERT_TRUE(Run(*c, "search action where name='unterminated"));
  EXPECT_NE(c->Screen().find("unterminated ' quote"), std::string::npos);
  ASSERT_TRUE(Run(*c, "create loader"));
  EXPECT_NE(c->Screen().find("not supported"), std::string::npos);
  ASSERT_TRUE(Run(*c, "help"));
  EXPECT_NE(c->Screen().find("search <type> where <key>=<value>"), std::string::npos);
  // Still alive and answering.
  ASSERT_TRUE(Run(*c, "status"));
  EXPECT_NE(c->Screen().find("Latest actions"), std::string::npos);
}

TEST_F(ConsoleTest, RefusesAMissingConfigurationWithAHint) {
  auto out = RunShell(kConsole + " -c /nonexistent/migrc 2>&1");
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_NE(out.output.find("/nonexistent/migrc"), std::string::npos) << out.output;
}

}  // namespace
}  // namespace mig::test
