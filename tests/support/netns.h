// Two throw-away network namespaces joined by a veth pair, for tests that
// need known neighbours, MACs and addresses (root only). Traffic between
// them never leaves this machine.
//   side A: interface "va", MAC 02:aa:bb:cc:dd:01, 10.231.0.1/24, fd00:231::1/64
//   side B: interface "vb", MAC 02:aa:bb:cc:dd:02, 10.231.0.2/24, fd00:231::2/64
#pragma once

#include <functional>
#include <string>

namespace mig::test {

bool IsRoot();

class NetnsPair {
 public:
  NetnsPair();   // creates both namespaces; check ok()
  ~NetnsPair();  // deletes them
  NetnsPair(const NetnsPair&) = delete;
  NetnsPair& operator=(const NetnsPair&) = delete;

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  const std::string& a() const { return a_; }
  const std::string& b() const { return b_; }

 private:
  std::string a_, b_, error_;
};

// Runs fn in a forked child that has entered the named namespace
// (/run/netns/NAME) and returns what fn returned; "ERROR: ..." when the
// child could not enter it or died.
std::string RunInNetns(const std::string& ns, const std::function<std::string()>& fn);

}  // namespace mig::test
