// "sandboxprobe": a module compiled only into the test agent
// (mig-agent-probe), doing what a hijacked module would try. Its posture is
// the table's default (not in modules/posture.cpp): no capability, no socket.
//   {"try":"status"}  /proc/self/status lines and the open descriptors
//   {"try":"exec"|"fork"|"ptrace"|"write"|"unlink"|"socket"|"setuid"|"memory"|"cpu"}
#include <fcntl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <vector>

#include "modules/registry.h"

namespace {

mig::ModuleResult Report(const std::string& what, long rc) {
  mig::ModuleResult r;
  r.success = true;
  r.found_anything = rc >= 0;  // the attempt worked: the sandbox failed
  r.elements = mig::OrderedJson{{"try", what}, {"rc", rc}, {"errno", rc < 0 ? errno : 0}};
  return r;
}

mig::ModuleResult Status() {
  mig::ModuleResult r;
  r.success = true;
  r.elements = mig::OrderedJson::object();
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);) {
    const size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    const std::string key = line.substr(0, colon);
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(" \t"));
    for (const char* k : {"Uid", "Gid", "Groups", "CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb",
                          "NoNewPrivs", "Seccomp"})
      if (key == k) r.elements[key] = value;
  }
  in.close();  // not to be counted among the descriptors below
  std::vector<std::string> fds;
  for (const auto& e : std::filesystem::directory_iterator("/proc/self/fd"))
    fds.push_back(e.path().filename().string());
  r.elements["fds"] = fds;
  return r;
}

class ProbeModule : public mig::modules::Module {
 public:
  std::string_view Name() const override { return "sandboxprobe"; }
  mig::ModuleResult Run(const mig::Json& p) override {
    const std::string what = p.is_object() ? p.value("try", "") : "";
    const std::string path = p.is_object() ? p.value("path", "/tmp/sandboxprobe") : "";
    if (what == "status") return Status();
    if (what == "exec") {
      char* argv[] = {const_cast<char*>("/bin/true"), nullptr};
      return Report(what, execv("/bin/true", argv));
    }
    if (what == "fork") {
      const pid_t pid = fork();
      if (pid == 0) _exit(0);
      return Report(what, pid);
    }
    if (what == "ptrace") return Report(what, ptrace(PTRACE_ATTACH, getppid(), nullptr, nullptr));
    if (what == "write") return Report(what, open(path.c_str(), O_WRONLY | O_CREAT, 0644));
    if (what == "unlink") return Report(what, unlink(path.c_str()));
    if (what == "socket") return Report(what, socket(AF_INET, SOCK_STREAM, 0));
    if (what == "setuid") return Report(what, setuid(0));
    if (what == "memory") {
      std::vector<std::unique_ptr<char[]>> chunks;
      for (int i = 0; i < 256; ++i) {  // 16 GiB, touched
        chunks.emplace_back(new char[64 << 20]);
        memset(chunks.back().get(), 1, 64 << 20);
      }
      return Report(what, 0);
    }
    if (what == "cpu") {
      volatile unsigned long spins = 0;
      for (;;)
        spins = spins + 1;
    }
    mig::ModuleResult r;
    r.errors.push_back("unknown try '" + what + "'");
    return r;
  }
  std::vector<std::string> Print(const mig::ModuleResult& r, bool) const override {
    return {r.elements.dump()};
  }
  mig::Result<mig::Json> ParametersFromArgs(const std::vector<std::string>&,
                                            const mig::modules::FileSource&) const override {
    return mig::Result<mig::Json>::Error("no command line");
  }
  std::vector<mig::modules::FlagInfo> Flags() const override { return {}; }
  std::string Usage() const override { return "test only\n"; }
};

}  // namespace

MIG_REGISTER_MODULE(sandboxprobe, ProbeModule);
