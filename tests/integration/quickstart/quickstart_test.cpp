// scripts/quickstart end to end, as a new user runs it: a private RabbitMQ,
// mig-api and mig-scheduler on SQLite, one agent, a signed investigation.
// Bootstrap and build are skipped (--no-build): ctest runs after the build.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "rabbitmq_server.h"
#include "test_env.h"

namespace mig::test {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;
using ::testing::StartsWith;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

// KEY=VALUE lines of the state's settings.env.
std::map<std::string, std::string> Settings(const std::string& path) {
  std::map<std::string, std::string> out;
  for (const auto& line : Lines(ReadFile(path))) {
    const auto eq = line.find('=');
    if (eq != std::string::npos) out[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return out;
}

class Quickstart : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!RabbitMqServer::Installed()) GTEST_SKIP() << "rabbitmq-server is not installed";
  }
  void TearDown() override {
    if (!dir_) return;
    const std::string pg = PgDir();
    CommandOutput stop = Run("stop");
    if (HasFailure()) {
      std::cerr << RunShell("tail -n 30 " + state_ + "/logs/*.log").output;
    }
    EXPECT_EQ(stop.exit_code, 0) << stop.output;
    if (!pg.empty() && pg.rfind(state_, 0) != 0) std::filesystem::remove_all(pg);
  }
  // Where the PostgreSQL cluster lives (the target of state/postgres).
  std::string PgDir() const {
    std::error_code ec;
    auto p = std::filesystem::canonical(state_ + "/postgres", ec);
    return ec ? "" : p.string();
  }
  CommandOutput Run(const std::string& args) {
    return RunShell("MIG_QUICKSTART_DIR='" + state_ + "' " + mig::test::SourceDir() +
                    "/scripts/quickstart " + args + " 2>&1");
  }
  std::string Start() { return "--no-build --build-dir '" + mig::test::BinaryDir() + "'"; }

  std::unique_ptr<TempDir> dir_ = std::make_unique<TempDir>("mig-quickstart");
  std::string state_ = dir_->Sub("state");
};

TEST_F(Quickstart, RunsAnInvestigationReusesItsStateAndStops) {
  CommandOutput first = Run(Start());
  ASSERT_EQ(first.exit_code, 0) << first.output;

  // The findings of the real investigation, as mig prints them.
  EXPECT_THAT(first.output, HasSubstr(" file /etc/passwd ["));
  EXPECT_THAT(first.output, HasSubstr("] in search 'passwd-with-root'"));
  EXPECT_THAT(first.output, HasSubstr(" file " + state_ + "/sample/ioc.txt ["));
  EXPECT_THAT(first.output, HasSubstr("1 of 1 agents answered, 1 found something"));
  // Dangling links under /etc (Debian 12 ships one) are no ERROR line.
  EXPECT_THAT(first.output, Not(HasSubstr("ERROR: followSymLink()")));

  // The four lines scripts rely on, last (the console is built: the
  // test depends on web_console).
  const auto lines = Lines(first.output);
  ASSERT_GE(lines.size(), 4u);
  const std::string& state_line = lines[lines.size() - 4];
  const std::string& api_line = lines[lines.size() - 3];
  const std::string& console_line = lines[lines.size() - 2];
  const std::string& agent_line = lines[lines.size() - 1];
  EXPECT_EQ(state_line, "STATE: " + state_);
  const auto settings = Settings(state_ + "/settings.env");
  EXPECT_EQ(api_line, "API: http://127.0.0.1:" + settings.at("API_PORT") + "/api/v1/");
  EXPECT_EQ(console_line, "CONSOLE: http://127.0.0.1:" + settings.at("API_PORT") + "/console/");
  EXPECT_THAT(agent_line, MatchesRegex("AGENT: [^ ]+"));

  // The console: index.html under the printed URL, with its strict headers.
  const std::string console_url = console_line.substr(9);
  CommandOutput page = RunShell("curl -sS -D - '" + console_url + "'");
  ASSERT_EQ(page.exit_code, 0) << page.output;
  EXPECT_THAT(page.output, StartsWith("HTTP/1.1 200"));
  std::string headers = page.output.substr(0, page.output.find("\r\n\r\n"));
  for (char& c : headers)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_THAT(headers, HasSubstr("content-security-policy: default-src 'none'; script-src 'self'"));
  EXPECT_THAT(headers, HasSubstr("frame-ancestors 'none'"));
  EXPECT_THAT(headers, HasSubstr("x-content-type-options: nosniff"));
  EXPECT_THAT(page.output, HasSubstr(ReadFile(BinaryDir() + "/web/index.html")));
  EXPECT_THAT(first.output, HasSubstr("sign in\nwith the key file " + state_ +
                                      "/investigator-secret.asc (it has no passphrase)"));

  // The secret key to sign in with: the investigator's, readable by the
  // owner only, without a passphrase (the quickstart made it so).
  const std::string secret = state_ + "/investigator-secret.asc";
  struct stat key_stat {};
  ASSERT_EQ(stat(secret.c_str(), &key_stat), 0);
  EXPECT_EQ(key_stat.st_mode & 0777, 0600u);
  EXPECT_THAT(ReadFile(secret), StartsWith("-----BEGIN PGP PRIVATE KEY BLOCK-----"));
  CommandOutput listed =
      RunShell("GNUPGHOME='" + state_ + "/gnupg' gpg --batch --show-keys --with-colons '" + secret +
               "' 2>/dev/null | awk -F: '$1==\"fpr\"{print $10; exit}'");
  EXPECT_EQ(listed.output, ReadFile(state_ + "/investigator.fpr"));

  // The next commands, and what they need in the state directory.
  EXPECT_THAT(first.output, HasSubstr(" file -c " + state_ + "/migrc"));
  EXPECT_THAT(first.output, HasSubstr("mig-console -c " + state_ + "/migrc"));
  EXPECT_THAT(first.output, HasSubstr("scripts/quickstart stop"));
  const std::string migrc = ReadFile(state_ + "/migrc");
  EXPECT_THAT(migrc, HasSubstr("url = \"" + api_line.substr(5) + "\""));
  EXPECT_THAT(migrc, HasSubstr("home = \"" + state_ + "/gnupg/\""));
  EXPECT_TRUE(std::filesystem::is_directory(state_ + "/gnupg"));

  // Nothing listens beyond loopback on the ports it chose (epmd also takes ::1).
  for (const char* key : {"API_PORT", "AMQP_PORT", "EPMD_PORT", "DIST_PORT"}) {
    CommandOutput ss = RunShell("ss -Hltn '( sport = :" + settings.at(key) + " )'");
    for (const auto& line : Lines(ss.output)) {
      EXPECT_THAT(line, MatchesRegex(".* (127\\.0\\.0\\.1|\\[::1\\]):[0-9]+ .*")) << key;
    }
  }

  // Second run: everything reused, same API and agent.
  CommandOutput second = Run(Start());
  ASSERT_EQ(second.exit_code, 0) << second.output;
  EXPECT_THAT(second.output, HasSubstr("RabbitMQ: running"));
  EXPECT_THAT(second.output, HasSubstr("api: running"));
  EXPECT_THAT(second.output, HasSubstr("agent: running"));
  EXPECT_THAT(second.output, HasSubstr(api_line + "\n" + console_line + "\n" + agent_line));
  EXPECT_THAT(second.output, HasSubstr(" file /etc/passwd ["));
  EXPECT_THAT(second.output, HasSubstr("1 of 1 agents answered, 1 found something"));

  // Stop: the API no longer answers, no pid file is left.
  CommandOutput stop = Run("stop");
  ASSERT_EQ(stop.exit_code, 0) << stop.output;
  EXPECT_THAT(stop.output, HasSubstr("stopped mig-api"));
  EXPECT_THAT(stop.output, HasSubstr("stopped RabbitMQ"));
  CommandOutput curl = RunShell("curl -sf " + api_line.substr(5) + "heartbeat");
  EXPECT_NE(curl.exit_code, 0) << curl.output;
  EXPECT_TRUE(std::filesystem::is_empty(state_ + "/pids"));
}

// The psql of the newest PostgreSQL installed, as quickstart picks it.
std::string Psql() {
  return "\"$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/psql\" -X -w";
}

// The conninfo quickstart wrote for the scheduler.
std::string PlatformConnInfo(const std::string& state) {
  for (const auto& line : Lines(ReadFile(state + "/scheduler.cfg"))) {
    const auto at = line.find("conninfo = \"");
    if (at != std::string::npos) return line.substr(at + 12, line.size() - at - 13);
  }
  return "";
}

class QuickstartPostgres : public Quickstart {
 protected:
  // Issue 13, finding 7: on main, `nobody` connected over 127.0.0.1 as the
  // superuser mig and ran `COPY ... TO PROGRAM` as postgres. Every way in
  // for another local user is tried here, and must fail.
  void ExpectOutsidersLockedOut() {
    const auto settings = Settings(state_ + "/settings.env");
    const std::string port = settings.at("PG_PORT");
    EXPECT_EQ(RunShell("ss -Hltn '( sport = :" + port + " )'").output, "") << "PostgreSQL on TCP";
    const std::string marker = "/tmp/mig-quickstart-pwned-" + std::to_string(getpid());
    std::filesystem::remove(marker);
    for (const std::string& host :
         {std::string("127.0.0.1"), std::string("localhost"), PgDir() + "/socket"}) {
      for (const char* user : {"mig", "postgres"}) {
        CommandOutput out = RunShell(
            "cd / && runuser -u nobody -- " + Psql() + " -h '" + host + "' -p " + port + " -U " +
            user + " -d mig -c \"COPY (SELECT 1) TO PROGRAM 'touch " + marker + "'\" 2>&1");
        EXPECT_NE(out.exit_code, 0) << host << " as " << user << ": " << out.output;
      }
    }
    EXPECT_FALSE(std::filesystem::exists(marker)) << "nobody ran a program as postgres";
    struct stat st {};
    ASSERT_EQ(stat((PgDir() + "/socket").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0700u);
    // The platform's own role may not run programs either, nor make roles.
    const std::string conninfo = PlatformConnInfo(state_);
    ASSERT_THAT(conninfo, HasSubstr("user=mig password="));
    CommandOutput copy =
        RunShell(Psql() + " '" + conninfo + "' -c \"COPY (SELECT 1) TO PROGRAM 'touch " + marker +
                 "'\" 2>&1");
    EXPECT_NE(copy.exit_code, 0) << copy.output;
    EXPECT_THAT(copy.output, HasSubstr("pg_execute_server_program")) << copy.output;
    CommandOutput role =
        RunShell(Psql() + " '" + conninfo +
                 "' -Atc \"SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles "
                 "WHERE rolname = current_user\" 2>&1");
    EXPECT_EQ(role.output, "f|f|f\n");
    EXPECT_FALSE(std::filesystem::exists(marker));
  }
};

TEST_F(QuickstartPostgres, OnlyThePlatformReachesItsDatabaseAndNotAsSuperuser) {
  // The cluster directory of a state directory someone deleted by hand.
  const std::string orphan = "/var/tmp/mig-quickstart-postgres.orphan" + std::to_string(getpid());
  std::filesystem::create_directories(orphan + "/data");
  WriteFile(orphan + "/state-dir", dir_->Sub("deleted-state") + "\n");
  CommandOutput first = Run("--store postgres " + Start());
  ASSERT_EQ(first.exit_code, 0) << first.output;
  if (PgDir().rfind("/var/tmp/", 0) == 0) {  // only then does quickstart look there
    EXPECT_FALSE(std::filesystem::exists(orphan)) << first.output;
  }
  std::filesystem::remove_all(orphan);
  EXPECT_THAT(first.output, HasSubstr("1 of 1 agents answered, 1 found something"));
  ExpectOutsidersLockedOut();
  CommandOutput second = Run(Start());
  ASSERT_EQ(second.exit_code, 0) << second.output;
  EXPECT_THAT(second.output, HasSubstr("PostgreSQL: running on " + PgDir() + "/socket"));
  EXPECT_THAT(second.output, HasSubstr("1 of 1 agents answered, 1 found something"));

  // stop --purge leaves nothing behind, also outside the state directory.
  const std::string pg = PgDir();
  CommandOutput purge = Run("stop --purge");
  ASSERT_EQ(purge.exit_code, 0) << purge.output;
  EXPECT_FALSE(std::filesystem::exists(pg)) << purge.output;
  EXPECT_FALSE(std::filesystem::exists(state_)) << purge.output;
}

// A state directory of an older quickstart: its cluster's superuser mig is
// trusted on 127.0.0.1 and owns the platform's tables. It is upgraded in
// place, the data kept.
TEST_F(QuickstartPostgres, UpgradesTheTrustingClusterOfAnOlderStateAndKeepsItsData) {
  CommandOutput first = Run("--store postgres " + Start());
  ASSERT_EQ(first.exit_code, 0) << first.output;
  ASSERT_EQ(Run("stop").exit_code, 0);
  const std::string pg = PgDir();
  const std::string port = Settings(state_ + "/settings.env").at("PG_PORT");
  const std::string bin = "$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)";
  auto as_postgres = [&](const std::string& cmd) {
    return RunShell("cd / && runuser -u postgres -- sh -c '" + cmd + "' 2>&1");
  };
  // Dump today's data, then rebuild the cluster as older quickstarts did.
  CommandOutput step =
      as_postgres(bin + "/pg_ctl -D " + pg + "/data -l " + pg +
                  "/server.log -w -o \"-c listen_addresses=\\\"\\\" -k " + pg + "/socket -p " +
                  port + "\" start && " + bin + "/pg_dump -h " + pg + "/socket -p " + port +
                  " -f " + pg + "/old.sql mig && " + bin + "/pg_ctl -D " + pg +
                  "/data -m fast -w stop && rm -rf " + pg + "/data");
  ASSERT_EQ(step.exit_code, 0) << step.output;
  step =
      as_postgres(bin + "/initdb --no-sync -A trust -E UTF8 -U mig -D " + pg + "/data && " + bin +
                  "/pg_ctl -D " + pg + "/data -l " + pg +
                  "/server.log -w -o \"-c listen_addresses=127.0.0.1 -p " + port + " -k " + pg +
                  "\" start && " + bin + "/createdb -h 127.0.0.1 -p " + port + " -U mig mig && " +
                  bin + "/psql -X -q -h 127.0.0.1 -p " + port + " -U mig -d mig -f " + pg +
                  "/old.sql >/dev/null && " + bin + "/psql -X -q -h 127.0.0.1 -p " + port +
                  " -U mig -d mig -c \"CREATE TABLE kept AS SELECT 42 AS answer\" && " + bin +
                  "/pg_ctl -D " + pg + "/data -m fast -w stop");
  ASSERT_EQ(step.exit_code, 0) << step.output;
  ASSERT_EQ(RunShell("sed -i '/^PG_PASSWORD=/d' " + state_ + "/settings.env").exit_code, 0);

  CommandOutput upgraded = Run(Start());
  ASSERT_EQ(upgraded.exit_code, 0) << upgraded.output;
  EXPECT_THAT(upgraded.output,
              HasSubstr("Upgrading the PostgreSQL cluster of an older quickstart"));
  EXPECT_THAT(upgraded.output, HasSubstr("1 of 1 agents answered, 1 found something"));
  const std::string conninfo = PlatformConnInfo(state_);
  CommandOutput kept = RunShell(Psql() + " '" + conninfo +
                                "' -Atc \"SELECT answer, pg_get_userbyid(relowner) FROM kept, "
                                "pg_class WHERE relname = 'kept'\" 2>&1");
  EXPECT_EQ(kept.output, "42|mig\n");
  CommandOutput actions =
      RunShell(Psql() + " '" + conninfo + "' -Atc \"SELECT count(*) >= 2 FROM actions\" 2>&1");
  EXPECT_EQ(actions.output, "t\n") << "the first run's action is kept";
  ExpectOutsidersLockedOut();
}

TEST_F(Quickstart, RefusesBadArguments) {
  CommandOutput store = Run("--store mysql");
  EXPECT_NE(store.exit_code, 0);
  EXPECT_THAT(store.output, HasSubstr("--store must be sqlite or postgres, not 'mysql'"));
  CommandOutput unknown = Run("--frobnicate");
  EXPECT_NE(unknown.exit_code, 0);
  EXPECT_THAT(unknown.output, HasSubstr("unknown argument '--frobnicate'"));
  CommandOutput missing = Run("--no-build --build-dir /nonexistent");
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_THAT(missing.output, HasSubstr("/nonexistent/apps/mig-api/mig-api is missing"));
}

}  // namespace
}  // namespace mig::test
