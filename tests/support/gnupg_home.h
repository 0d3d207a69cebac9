// A throwaway GnuPG home with test keys, made with the real gpg binary.
#pragma once

#include <string>

#include "test_env.h"

namespace mig::test {

class GnuPGHome {
 public:
  GnuPGHome();
  ~GnuPGHome();

  const std::string& path() const { return dir_.path(); }
  // Runs "gpg --homedir HOME --batch ... ARGS"; returns its exit code and output.
  CommandOutput Gpg(const std::string& args) const;
  // Generates a key (--quick-gen-key USER ALGO sign EXPIRE [extra]) and returns
  // its fingerprint; fails the test (empty string) when gpg fails.
  std::string GenerateKey(const std::string& user, const std::string& algo,
                          const std::string& expire = "never", const std::string& extra = "");
  std::string ExportPublic(const std::string& fpr) const;
  std::string ExportSecret(const std::string& fpr, bool armor) const;
  // Signs data with gpg --detach-sign (binary); returns the signature bytes.
  std::string DetachSign(const std::string& fpr, const std::string& data,
                         const std::string& extra = "") const;
  // gpg --verify of a binary detached signature; true when gpg says good.
  bool GpgVerifies(const std::string& signature, const std::string& data) const;
  // Imports the revocation certificate gpg stored at key generation.
  void Revoke(const std::string& fpr) const;

 private:
  TempDir dir_{"mig-gpg"};
  mutable int counter_ = 0;
  std::string Scratch() const { return dir_.Sub("f" + std::to_string(++counter_)); }
};

}  // namespace mig::test
