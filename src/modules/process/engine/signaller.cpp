#include "modules/process/engine/signaller.h"

#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <memory>
#include <thread>

#include "modules/go_format.h"
#include "modules/procfs/engine/process_status.h"

namespace mig::modules::process {
namespace {

using Clock = std::chrono::steady_clock;

// One selected process, by pidfd when possible.
class Handle {
 public:
  explicit Handle(const ProcessInfo& p) : pid_(p.pid), start_time_(p.start_time) {
    const long fd = syscall(SYS_pidfd_open, pid_, 0);
    if (fd >= 0) {
      fd_ = static_cast<int>(fd);
      // The pidfd names whatever had the pid when it was opened: make sure
      // that is still the process that was selected.
      if (!SameProcess())
        Close();
      else
        held_ = true;
    } else {
      held_ = errno == ENOSYS && SameProcess();  // an old kernel: by pid
    }
  }
  ~Handle() { Close(); }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;

  // False when the process was gone before anything was sent.
  bool held() const { return held_; }

  // 0, or the errno of the failure (ESRCH: it is gone).
  int Send(int signal) {
    long rc;
    if (fd_ >= 0) {
      rc = syscall(SYS_pidfd_send_signal, fd_, signal, nullptr, 0);
    } else {
      if (!SameProcess()) return ESRCH;
      rc = kill(pid_, signal);
    }
    return rc == 0 ? 0 : errno;
  }

  bool Exited() const {
    if (fd_ >= 0) {
      // A pidfd is readable once the process has exited (zombies included).
      pollfd p{fd_, POLLIN, 0};
      return poll(&p, 1, 0) > 0;
    }
    auto stat = procfs::ReadStat(pid_);
    return !stat || stat->start_time != start_time_ || stat->state == 'Z' || stat->state == 'X';
  }

  bool Stopped() const {
    auto stat = procfs::ReadStat(pid_);
    return stat && stat->start_time == start_time_ && (stat->state == 'T' || stat->state == 't');
  }

 private:
  bool SameProcess() const {
    auto stat = procfs::ReadStat(pid_);
    return stat && stat->start_time == start_time_ && stat->state != 'Z' && stat->state != 'X';
  }
  void Close() {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
  }

  int pid_;
  uint64_t start_time_;
  int fd_ = -1;
  bool held_ = false;
};

const char* SignalName(int signal) {
  switch (signal) {
    case SIGTERM:
      return "SIGTERM";
    case SIGKILL:
      return "SIGKILL";
    case SIGSTOP:
      return "SIGSTOP";
    case SIGCONT:
      return "SIGCONT";
  }
  return "?";
}

// Waits until done(i) holds for every i in pending, or the time is up;
// returns those for which it still does not.
template <typename Done>
std::vector<size_t> WaitFor(std::vector<size_t> pending, int64_t ns, Done done) {
  const auto deadline = Clock::now() + std::chrono::nanoseconds(ns);
  while (true) {
    std::vector<size_t> still;
    for (size_t i : pending)
      if (!done(i)) still.push_back(i);
    pending = std::move(still);
    if (pending.empty() || Clock::now() >= deadline) return pending;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

// Sends signal to each of which; those it reached are returned.
std::vector<size_t> SendAll(std::vector<std::unique_ptr<Handle>>& handles,
                            std::vector<Outcome>& out, const std::vector<size_t>& which,
                            int signal) {
  std::vector<size_t> sent;
  for (size_t i : which) {
    const int err = handles[i]->Send(signal);
    if (err == 0) {
      out[i].signals.push_back(SignalName(signal));
      sent.push_back(i);
    } else if (err == ESRCH) {
      out[i].state = out[i].signals.empty() ? "exited" : "died";
    } else {
      out[i].state = "failed";
      out[i].error = std::string("cannot send ") + SignalName(signal) + ": " + ErrnoText(err);
    }
  }
  return sent;
}

}  // namespace

std::vector<Outcome> SignalProcesses(const std::vector<ProcessInfo>& targets,
                                     const Request& request) {
  std::vector<Outcome> out(targets.size());
  if (request.dryrun) {
    for (auto& o : out) {
      o.state = "dryrun";
      if (request.signal == Signal::kTerm) o.signals = {"SIGTERM", "SIGKILL"};
      if (request.signal == Signal::kKill) o.signals = {"SIGKILL"};
      if (request.signal == Signal::kStop) o.signals = {"SIGSTOP"};
    }
    return out;
  }
  std::vector<std::unique_ptr<Handle>> handles;
  std::vector<size_t> live;
  for (size_t i = 0; i < targets.size(); ++i) {
    handles.push_back(std::make_unique<Handle>(targets[i]));
    if (handles[i]->held())
      live.push_back(i);
    else
      out[i].state = "exited";
  }
  auto exited = [&handles](size_t i) { return handles[i]->Exited(); };
  auto mark = [&out](const std::vector<size_t>& which, const char* state) {
    for (size_t i : which)
      out[i].state = state;
  };

  if (request.signal == Signal::kStop) {
    std::vector<size_t> sent = SendAll(handles, out, live, SIGSTOP);
    mark(sent, "stopped");
    std::vector<size_t> running = WaitFor(sent, kSettleNs, [&handles](size_t i) {
      return handles[i]->Stopped() || handles[i]->Exited();
    });
    mark(running, "running");
    for (size_t i : sent)
      if (handles[i]->Exited()) out[i].state = "died";
    return out;
  }

  std::vector<size_t> to_kill = live;
  if (request.signal == Signal::kTerm) {
    std::vector<size_t> sent = SendAll(handles, out, live, SIGTERM);
    mark(sent, "died");
    // A suspended process acts on SIGTERM only once it runs again (systemd
    // does the same); otherwise it would always wait for SIGKILL.
    std::vector<size_t> suspended;
    for (size_t i : sent)
      if (handles[i]->Stopped()) suspended.push_back(i);
    SendAll(handles, out, suspended, SIGCONT);
    to_kill = WaitFor(sent, request.grace_ns, exited);
  }
  std::vector<size_t> killed = SendAll(handles, out, to_kill, SIGKILL);
  mark(killed, "died");
  mark(WaitFor(killed, kSettleNs, exited), "alive");
  return out;
}

}  // namespace mig::modules::process
