#include "gnupg_home.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <set>

namespace mig::test {

namespace {

void StopAgentOf(const std::string& home) {
  RunShell("gpgconf --homedir '" + home + "' --kill all");
  // An agent that a signing child started while gpgconf was asking would
  // outlive the home (the suite's leftover check found such agents).
  RunShell("pkill -KILL -f -- 'gpg-agent --homedir " + home + "( |$)'");
}

// Homes of this process that are still alive. Suites keep one home for the
// whole run in a pointer they never delete; at exit their gpg-agents are
// stopped and the directories removed all the same. Forked children that
// exit() leave their parent's homes alone.
struct LiveHomes {
  std::mutex mu;
  std::set<std::string> paths;
  pid_t owner = getpid();
};

LiveHomes& Live() {
  static LiveHomes* live = [] {
    auto* l = new LiveHomes;
    std::atexit([] {
      LiveHomes& homes = Live();
      if (getpid() != homes.owner) return;
      std::lock_guard lock(homes.mu);
      for (const std::string& home : homes.paths) {
        StopAgentOf(home);
        std::error_code ignored;
        std::filesystem::remove_all(home, ignored);
      }
      homes.paths.clear();
    });
    return l;
  }();
  return *live;
}

}  // namespace

GnuPGHome::GnuPGHome() {
  RunShell("chmod 700 '" + path() + "'");
  std::lock_guard lock(Live().mu);
  Live().paths.insert(path());
}

GnuPGHome::~GnuPGHome() {
  StopAgentOf(path());
  std::lock_guard lock(Live().mu);
  Live().paths.erase(path());
}

CommandOutput GnuPGHome::Gpg(const std::string& args) const {
  return RunShell("gpg --homedir '" + path() +
                  "' --batch --yes --pinentry-mode loopback --passphrase '' " + args + " 2>&1");
}

std::string GnuPGHome::GenerateKey(const std::string& user, const std::string& algo,
                                   const std::string& expire, const std::string& extra) {
  auto out = Gpg(extra + " --quick-gen-key '" + user + "' " + algo + " sign " + expire);
  EXPECT_EQ(out.exit_code, 0) << out.output;
  auto list = RunShell("gpg --homedir '" + path() + "' --with-colons --list-keys '" + user +
                       "' | awk -F: '$1==\"fpr\"{print $10; exit}'");
  std::string fpr = list.output;
  while (!fpr.empty() && (fpr.back() == '\n' || fpr.back() == '\r'))
    fpr.pop_back();
  EXPECT_EQ(fpr.size(), 40u) << list.output;
  return fpr;
}

std::string GnuPGHome::ExportPublic(const std::string& fpr) const {
  const std::string file = Scratch();
  auto out = Gpg("--armor --output '" + file + "' --export " + fpr);
  EXPECT_EQ(out.exit_code, 0) << out.output;
  return ReadFile(file);
}

std::string GnuPGHome::ExportSecret(const std::string& fpr, bool armor) const {
  const std::string file = Scratch();
  auto out = Gpg(std::string(armor ? "--armor " : "") + "--output '" + file +
                 "' --export-secret-keys " + fpr);
  EXPECT_EQ(out.exit_code, 0) << out.output;
  return ReadFile(file);
}

std::string GnuPGHome::DetachSign(const std::string& fpr, const std::string& data,
                                  const std::string& extra) const {
  const std::string in = Scratch(), sig = Scratch();
  WriteFile(in, data);
  auto out =
      Gpg(extra + " --local-user " + fpr + " --output '" + sig + "' --detach-sign '" + in + "'");
  EXPECT_EQ(out.exit_code, 0) << out.output;
  return ReadFile(sig);
}

bool GnuPGHome::GpgVerifies(const std::string& signature, const std::string& data) const {
  const std::string in = Scratch(), sig = Scratch();
  WriteFile(in, data);
  WriteFile(sig, signature);
  return Gpg("--verify '" + sig + "' '" + in + "'").exit_code == 0;
}

void GnuPGHome::Revoke(const std::string& fpr) const {
  const std::string cert = Scratch();
  // gpg prefixes the armor line with ':' so that nobody imports it by accident.
  auto sed = RunShell("sed 's/^:-----BEGIN/-----BEGIN/' '" + path() + "/openpgp-revocs.d/" + fpr +
                      ".rev' > '" + cert + "'");
  ASSERT_EQ(sed.exit_code, 0) << sed.output;
  auto out = Gpg("--import '" + cert + "'");
  ASSERT_EQ(out.exit_code, 0) << out.output;
}

}  // namespace mig::test
