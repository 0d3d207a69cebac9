#include "gnupg_home.h"

#include <gtest/gtest.h>

namespace mig::test {

GnuPGHome::GnuPGHome() {
  RunShell("chmod 700 '" + path() + "'");
}

GnuPGHome::~GnuPGHome() {
  RunShell("gpgconf --homedir '" + path() + "' --kill all");
  // An agent that a signing child started while gpgconf was asking would
  // outlive the home (the suite's leftover check found such agents).
  RunShell("pkill -KILL -f -- 'gpg-agent --homedir " + path() + "( |$)'");
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
