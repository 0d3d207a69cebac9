#include "core/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

extern char** environ;

namespace mig {
namespace {

struct Pipe {
  int fd[2] = {-1, -1};
  ~Pipe() {
    for (int f : fd)
      if (f >= 0) close(f);
  }
  bool Open() { return pipe2(fd, O_CLOEXEC) == 0; }
  void CloseEnd(int i) {
    if (fd[i] >= 0) close(fd[i]);
    fd[i] = -1;
  }
};

}  // namespace

ChildRun RunChild(const std::vector<std::string>& argv, const std::string& input,
                  const ChildLimits& limits) {
  ChildRun run;
  Pipe in, out;
  if (argv.empty() || !in.Open() || !out.Open()) {
    run.error = argv.empty() ? "no executable given" : std::string("pipe: ") + strerror(errno);
    return run;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in.fd[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out.fd[1], 1);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  // Its own process group, so a timeout kills whatever the module started too.
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK);
  posix_spawnattr_setpgroup(&attr, 0);
  sigset_t empty;
  sigemptyset(&empty);
  posix_spawnattr_setsigmask(&attr, &empty);
  std::vector<char*> args;
  for (const auto& a : argv)
    args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, args[0], &actions, &attr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    run.error = "cannot start " + argv[0] + ": " + strerror(rc);
    return run;
  }
  in.CloseEnd(0);
  out.CloseEnd(1);
  fcntl(in.fd[1], F_SETFL, O_NONBLOCK);
  fcntl(out.fd[0], F_SETFL, O_NONBLOCK);

  const auto deadline = std::chrono::steady_clock::now() + limits.timeout;
  size_t written = 0;
  if (input.empty()) in.CloseEnd(1);
  bool timed_out = false, too_large = false;
  char buf[65536];
  while (out.fd[0] >= 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    pollfd fds[2];
    int n = 0;
    fds[n++] = {out.fd[0], POLLIN, 0};
    if (in.fd[1] >= 0) fds[n++] = {in.fd[1], POLLOUT, 0};
    int ready =
        poll(fds, static_cast<nfds_t>(n), static_cast<int>(std::min<int64_t>(left.count(), 1000)));
    if (ready < 0 && errno != EINTR) break;
    if (n == 2 && (fds[1].revents & (POLLOUT | POLLERR | POLLHUP))) {
      ssize_t w = write(in.fd[1], input.data() + written, input.size() - written);
      if (w > 0) written += static_cast<size_t>(w);
      if (w < 0 && errno != EAGAIN) written = input.size();  // child closed its stdin
      if (written >= input.size()) in.CloseEnd(1);
    }
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      ssize_t r = read(out.fd[0], buf, sizeof buf);
      if (r > 0) {
        run.output.append(buf, static_cast<size_t>(r));
        if (run.output.size() > limits.max_output_bytes) {
          too_large = true;
          break;
        }
      } else if (r == 0 || errno != EAGAIN) {
        out.CloseEnd(0);
      }
    }
  }
  if (timed_out || too_large) kill(-pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) {
    run.outcome = ChildRun::Outcome::kTimedOut;
  } else if (too_large) {
    run.outcome = ChildRun::Outcome::kOutputTooLarge;
  } else if (WIFEXITED(status)) {
    run.outcome = ChildRun::Outcome::kExited;
    run.exit_code = WEXITSTATUS(status);
  } else {
    run.outcome = ChildRun::Outcome::kSignaled;
    run.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  }
  return run;
}

}  // namespace mig
