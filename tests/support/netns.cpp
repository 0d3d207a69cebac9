#include "netns.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test_env.h"

namespace mig::test {

bool IsRoot() {
  return geteuid() == 0;
}

NetnsPair::NetnsPair() {
  // Unique per pair, so several pairs (and test binaries) never share one.
  static int pairs = 0;
  const std::string id = std::to_string(getpid()) + "n" + std::to_string(++pairs);
  a_ = "migt" + id + "a";
  b_ = "migt" + id + "b";
  const std::string script =
      "set -e\n"
      "ip netns add " +
      a_ + "\n" + "ip netns add " + b_ + "\n" + "ip link add va netns " + a_ +
      " type veth peer name vb netns " + b_ + "\n" + "ip -n " + a_ +
      " link set va address 02:aa:bb:cc:dd:01\n" + "ip -n " + b_ +
      " link set vb address 02:aa:bb:cc:dd:02\n" + "ip -n " + a_ +
      " addr add 10.231.0.1/24 dev va\n" + "ip -n " + b_ + " addr add 10.231.0.2/24 dev vb\n" +
      "ip -n " + a_ + " addr add fd00:231::1/64 dev va nodad\n" + "ip -n " + b_ +
      " addr add fd00:231::2/64 dev vb nodad\n" + "for n in " + a_ + " " + b_ +
      "; do ip -n $n link set lo up; done\n" + "ip -n " + a_ + " link set va up\n" + "ip -n " + b_ +
      " link set vb up\n";
  const CommandOutput out = RunShell(script);
  if (out.exit_code != 0) error_ = "namespace setup failed: " + out.output;
}

NetnsPair::~NetnsPair() {
  RunShell("ip netns del " + a_ + " 2>/dev/null; ip netns del " + b_ + " 2>/dev/null");
}

std::string RunInNetns(const std::string& ns, const std::function<std::string()>& fn) {
  int fds[2];
  if (pipe(fds) != 0) return "ERROR: pipe";
  const pid_t pid = fork();
  if (pid < 0) return "ERROR: fork";
  if (pid == 0) {
    close(fds[0]);
    std::string out;
    const int fd = open(("/run/netns/" + ns).c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 || setns(fd, CLONE_NEWNET) != 0) {
      out = "ERROR: cannot enter namespace " + ns;
    } else {
      out = fn();
    }
    size_t done = 0;
    while (done < out.size()) {
      const ssize_t n = write(fds[1], out.data() + done, out.size() - done);
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    _exit(0);
  }
  close(fds[1]);
  std::string out;
  char buf[4096];
  for (;;) {
    const ssize_t n = read(fds[0], buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status)) return "ERROR: child died";
  return out;
}

}  // namespace mig::test
