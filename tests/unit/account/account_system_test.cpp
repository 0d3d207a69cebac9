// The account module on real files, real processes and real shadow-utils,
// as root, in a private mount namespace whose /etc is a copy of the host's
// (private_etc.h): lock and unlock, the processes killed, the keys files
// moved, the user database lock shared with useradd, refusals, dry runs,
// attacker files, and the real sandboxed child `mig-agent -m account`.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "core/gojson.h"
#include "modules/account/engine/account_ops.h"
#include "modules/account/engine/lock_record.h"
#include "modules/account/engine/user_db.h"
#include "modules/registry.h"
#include "modules/result_json.h"
#include "private_etc.h"
#include "test_env.h"

namespace mig::modules::account {
namespace {

namespace fs = std::filesystem;
using mig::test::ReadFile;
using mig::test::RunShell;
using mig::test::TempDir;
using mig::test::WriteFile;

constexpr const char* kUser = "migvictim";
// Uids of this test process alone: the killer looks at every process of the
// machine, and ctest runs other test processes (with other private /etc
// copies) at the same time.
const uid_t kUid = 100000 + static_cast<uid_t>(getpid() % 100000) * 3;
const uid_t kBystanderUid = kUid + 1;   // must survive the lock
const uid_t kConcurrentUid = kUid + 2;  // added by useradd
constexpr const char* kHash =
    "$6$mIgSaLt$0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ./";
const char* const kDbFiles[] = {"/etc/passwd", "/etc/shadow", "/etc/group", "/etc/gshadow"};

std::string Originals(const std::string& path) {
  static std::map<std::string, std::string> saved;
  auto it = saved.find(path);
  if (it == saved.end()) it = saved.emplace(path, ReadFile(path)).first;
  return it->second;
}

std::string StatLine(const std::string& path) {
  struct stat st {};
  if (lstat(path.c_str(), &st) != 0) return path + " missing\n";
  return path + " " + std::to_string(st.st_uid) + ":" + std::to_string(st.st_gid) + " " +
         std::to_string(st.st_mode & 07777) + "\n";
}

// Every byte, owner and mode of what the module may touch, and the names in
// /etc (a leftover temporary file or record shows).
std::string Snapshot(const std::string& home) {
  std::string out;
  for (const char* f : kDbFiles)
    out += StatLine(f) + ReadFile(f);
  for (const auto& e : fs::directory_iterator("/etc"))
    out += e.path().filename().string() + "\n";
  for (const auto& e : fs::recursive_directory_iterator(home)) {
    out += StatLine(e.path());
    if (e.is_regular_file()) out += ReadFile(e.path());
  }
  return out;
}

// The user's line of a database, split.
std::vector<std::string> Entry(const std::string& path, const std::string& user) {
  const size_t fields = path == "/etc/shadow" ? kShadowFields : kPasswdFields;
  auto db = UserDb::Parse(ReadFile(path), fields, path);
  if (!db.ok()) {
    ADD_FAILURE() << db.error();
    return {};
  }
  auto line = db->Find(user);
  if (!line.ok()) return {};
  std::vector<std::string> out;
  for (size_t i = 0; i < fields; ++i)
    out.push_back(db->Field(*line, i));
  return out;
}

bool ProcessUidIs(pid_t pid, uid_t uid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("Uid:", 0) == 0) return std::stoul(line.substr(4)) == uid;
  return false;
}

// `setpriv --reuid=uid sleep 100`, returned once it runs as uid.
pid_t SpawnAs(uid_t uid) {
  pid_t pid = fork();
  if (pid == 0) {
    const std::string id = std::to_string(uid);
    execl("/usr/bin/setpriv", "setpriv", ("--reuid=" + id).c_str(), ("--regid=" + id).c_str(),
          "--clear-groups", "sleep", "100", static_cast<char*>(nullptr));
    _exit(127);
  }
  for (int i = 0; i < 500 && !ProcessUidIs(pid, uid); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_TRUE(ProcessUidIs(pid, uid)) << "setpriv did not become uid " << uid;
  return pid;
}

// The signal that ended pid (waited up to 5 s), 0 if it still runs.
int EndingSignal(pid_t pid) {
  for (int i = 0; i < 500; ++i) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) return WIFSIGNALED(status) ? WTERMSIG(status) : -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return 0;
}

std::string AllErrors(const ModuleResult& r) {
  std::string out;
  for (const auto& e : r.errors)
    out += e + "\n";
  return out;
}

bool HasError(const ModuleResult& r, const std::string& text) {
  return AllErrors(r).find(text) != std::string::npos;
}

class AccountSystemTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string why = mig::test::EnterPrivateEtc();
    if (!why.empty()) GTEST_SKIP() << why;
    ASSERT_TRUE(fs::equivalent("/etc", mig::test::PrivateEtcCopy()))
        << "/etc is not the private copy: refusing to touch the host";
    home_ = std::make_unique<TempDir>("mig-account-home");
    user_home_ = home_->Sub(kUser);
    ResetDatabases("x", kHash, "");
    fs::create_directories(user_home_ + "/.ssh");
    WriteFile(user_home_ + "/.ssh/authorized_keys", "ssh-ed25519 AAAAkey1 victim@laptop\n");
    WriteFile(user_home_ + "/.ssh/authorized_keys2", "ssh-rsa AAAAkey2 victim@old\n");
    WriteFile(user_home_ + "/.profile", "echo hi\n");
    for (const auto& e : fs::recursive_directory_iterator(user_home_))
      ASSERT_EQ(lchown(e.path().c_str(), kUid, kUid), 0);
    ASSERT_EQ(chown(user_home_.c_str(), kUid, kUid), 0);
    ASSERT_EQ(chmod((user_home_ + "/.ssh").c_str(), 0700), 0);
    fs::remove(RecordPath("/etc", kUser));
  }
  void TearDown() override {
    for (pid_t pid : children_) {
      kill(pid, SIGKILL);
      waitpid(pid, nullptr, 0);
    }
  }

  // The host's databases plus the test users; passwd_pw is the victim's
  // password field in /etc/passwd, expire its expiry field.
  void ResetDatabases(const std::string& passwd_pw, const std::string& hash,
                      const std::string& expire, const std::string& extra_shadow = "") {
    const std::string uid = std::to_string(kUid), other = std::to_string(kBystanderUid);
    WriteFile("/etc/passwd", Originals("/etc/passwd") + kUser + ":" + passwd_pw + ":" + uid + ":" +
                                 uid + ":Mig Victim:" + user_home_ + ":/bin/bash\n" +
                                 "migbystander:x:" + other + ":" + other +
                                 "::/nonexistent:/bin/bash\n");
    WriteFile("/etc/shadow", Originals("/etc/shadow") + kUser + ":" + hash + ":19000:0:99999:7::" +
                                 expire + ":\nmigbystander:!:19000:0:99999:7:::\n" + extra_shadow);
    WriteFile("/etc/group", Originals("/etc/group") + kUser + ":x:" + uid + ":\n");
    WriteFile("/etc/gshadow", Originals("/etc/gshadow") + kUser + ":!::\n");
  }

  pid_t Spawn(uid_t uid) {
    pid_t pid = SpawnAs(uid);
    children_.push_back(pid);
    return pid;
  }

  std::unique_ptr<TempDir> home_;
  std::string user_home_;
  std::vector<pid_t> children_;
  AccountSystem system_;
};

TEST_F(AccountSystemTest, LockThenUnlockRestoresEveryByte) {
  const std::string before = Snapshot(user_home_);
  const std::string shadow_stat = StatLine("/etc/shadow");
  ModuleResult locked = LockAccount(kUser, false, system_);
  ASSERT_TRUE(locked.success) << AllErrors(locked);
  EXPECT_TRUE(locked.found_anything);

  auto sp = Entry("/etc/shadow", kUser);
  ASSERT_EQ(sp.size(), kShadowFields);
  EXPECT_EQ(sp[kPasswordField], std::string("!") + kHash);
  EXPECT_EQ(sp[kExpireField], "1");
  EXPECT_EQ(StatLine("/etc/shadow"), shadow_stat);  // owner, group, mode kept
  EXPECT_FALSE(fs::exists(user_home_ + "/.ssh/authorized_keys"));
  EXPECT_FALSE(fs::exists(user_home_ + "/.ssh/authorized_keys2"));
  EXPECT_EQ(ReadFile(user_home_ + "/.ssh/authorized_keys.mig-locked"),
            "ssh-ed25519 AAAAkey1 victim@laptop\n");
  EXPECT_EQ(StatLine(RecordPath("/etc", kUser)),
            RecordPath("/etc", kUser) + " 0:0 " + std::to_string(0600) + "\n");
  // What usermod and passwd see: the account is locked and expired.
  EXPECT_NE(RunShell("passwd -S " + std::string(kUser)).output.find(" L "), std::string::npos);
  EXPECT_NE(RunShell("chage -l " + std::string(kUser)).output.find("Jan 02, 1970"),
            std::string::npos);

  ModuleResult again = LockAccount(kUser, false, system_);
  EXPECT_FALSE(again.success);
  EXPECT_TRUE(HasError(again, "locked already")) << AllErrors(again);

  ModuleResult unlocked = UnlockAccount(kUser, false, system_);
  ASSERT_TRUE(unlocked.success) << AllErrors(unlocked);
  EXPECT_EQ(Snapshot(user_home_), before);
}

TEST_F(AccountSystemTest, PasswordsInPasswdAndLockedHashesComeBackExactly) {
  // A password in /etc/passwd (not 'x') is locked too; a hash locked by hand
  // before ('!' already) keeps its single '!'; an expiry date comes back.
  ResetDatabases("$1$old$passwdhash", std::string("!") + kHash, "20500");
  const std::string before = Snapshot(user_home_);
  ModuleResult locked = LockAccount(kUser, false, system_);
  ASSERT_TRUE(locked.success) << AllErrors(locked);
  EXPECT_EQ(Entry("/etc/passwd", kUser)[kPasswordField], "!$1$old$passwdhash");
  EXPECT_EQ(Entry("/etc/shadow", kUser)[kPasswordField], std::string("!") + kHash);
  EXPECT_EQ(Entry("/etc/shadow", kUser)[kExpireField], "1");
  ModuleResult unlocked = UnlockAccount(kUser, false, system_);
  ASSERT_TRUE(unlocked.success) << AllErrors(unlocked);
  EXPECT_EQ(Snapshot(user_home_), before);
}

TEST_F(AccountSystemTest, LockKillsTheUsersProcessesOnly) {
  pid_t a = Spawn(kUid), b = Spawn(kUid), bystander = Spawn(kBystanderUid);
  ModuleResult locked = LockAccount(kUser, false, system_);
  ASSERT_TRUE(locked.success) << AllErrors(locked);
  EXPECT_EQ(EndingSignal(a), SIGKILL);
  EXPECT_EQ(EndingSignal(b), SIGKILL);
  EXPECT_TRUE(ProcessUidIs(bystander, kBystanderUid)) << "another user's process was killed";
  const std::string printed = OrderedJson(locked.elements).dump();
  EXPECT_NE(printed.find(std::to_string(a)), std::string::npos) << printed;
  EXPECT_NE(printed.find(std::to_string(b)), std::string::npos) << printed;
  auto lines = CreateModule("account")->Print(locked, false);
  bool killed_line = false;
  for (const auto& l : lines)
    killed_line = killed_line || l.find("2 process(es) killed") != std::string::npos;
  EXPECT_TRUE(killed_line) << testing::PrintToString(lines);
}

TEST_F(AccountSystemTest, RootSystemAndUnknownAccountsAreRefusedUnchanged) {
  WriteFile("/etc/passwd", ReadFile("/etc/passwd") + "toor:x:0:0::/root:/bin/sh\n");
  WriteFile("/etc/shadow", ReadFile("/etc/shadow") + "toor:" + kHash + ":19000:0:99999:7:::\n");
  const std::string before = Snapshot(user_home_);
  struct Case {
    std::string user, error;
  };
  for (const Case& c :
       {Case{"root", "is root"}, Case{"toor", "is root"}, Case{"daemon", "system account"},
        Case{"nobody", "nobody"}, Case{"nosuchuser", "no user nosuchuser in /etc/passwd"}}) {
    for (bool lock : {true, false}) {
      ModuleResult r =
          lock ? LockAccount(c.user, false, system_) : UnlockAccount(c.user, false, system_);
      EXPECT_FALSE(r.success) << c.user;
      EXPECT_FALSE(r.found_anything) << c.user;
      EXPECT_TRUE(HasError(r, c.error)) << c.user << ": " << AllErrors(r);
    }
  }
  ModuleResult r = UnlockAccount(kUser, false, system_);
  EXPECT_TRUE(HasError(r, "was not locked by this module")) << AllErrors(r);
  EXPECT_EQ(Snapshot(user_home_), before);
}

TEST_F(AccountSystemTest, DryRunsChangeNothing) {
  fs::remove("/etc/.pwd.lock");  // not even the lock file may appear
  pid_t p = Spawn(kUid);
  const std::string before = Snapshot(user_home_);
  ModuleResult r = LockAccount(kUser, true, system_);
  ASSERT_TRUE(r.success) << AllErrors(r);
  EXPECT_TRUE(r.found_anything);
  EXPECT_EQ(Snapshot(user_home_), before);
  EXPECT_TRUE(ProcessUidIs(p, kUid)) << "a dry run killed";
  const std::string printed = OrderedJson(r.elements).dump();
  EXPECT_NE(printed.find("would be killed: " + std::to_string(p)), std::string::npos) << printed;
  EXPECT_NE(printed.find("authorized_keys.mig-locked"), std::string::npos) << printed;

  ModuleResult locked = LockAccount(kUser, false, system_);
  ASSERT_TRUE(locked.success) << AllErrors(locked);
  const std::string locked_state = Snapshot(user_home_);
  ModuleResult dry_unlock = UnlockAccount(kUser, true, system_);
  ASSERT_TRUE(dry_unlock.success) << AllErrors(dry_unlock);
  EXPECT_EQ(Snapshot(user_home_), locked_state);
}

TEST_F(AccountSystemTest, MalformedShadowFilesAreNeverRewritten) {
  const std::string long_line = "attacker:" + std::string(200000, 'A') + ":1:0:99999:7:::\n";
  struct Case {
    std::string extra, error;
  };
  for (const Case& c :
       {Case{"short:$6$x:19000:0\n", "has 4 fields, 9 expected"}, Case{long_line, "is longer than"},
        Case{"migvictim:!:19000:0:99999:7:::\n", "appears more than once"}}) {
    ResetDatabases("x", kHash, "", c.extra);
    const std::string before = Snapshot(user_home_);
    ModuleResult r = LockAccount(kUser, false, system_);
    EXPECT_FALSE(r.success) << c.error;
    EXPECT_TRUE(HasError(r, c.error)) << AllErrors(r);
    EXPECT_EQ(Snapshot(user_home_), before) << c.error;
  }
  ResetDatabases("x", kHash, "1:2");  // an expiry that would add fields
  const std::string before = Snapshot(user_home_);
  // The line now has 10 fields: refused as malformed before the expiry is read.
  ModuleResult r = LockAccount(kUser, false, system_);
  EXPECT_FALSE(r.success);
  EXPECT_EQ(Snapshot(user_home_), before);
  ResetDatabases("x", kHash, "never");
  ModuleResult never = LockAccount(kUser, false, system_);
  EXPECT_TRUE(HasError(never, "is not a number of days")) << AllErrors(never);
}

TEST_F(AccountSystemTest, AttackersKeysFilesAndRecordsAreRefused) {
  // .ssh linked to another directory: that directory's keys must not move.
  TempDir elsewhere("mig-account-root-ssh");
  WriteFile(elsewhere.Sub("authorized_keys"), "root's key\n");
  fs::remove_all(user_home_ + "/.ssh");
  fs::create_directory_symlink(elsewhere.path(), user_home_ + "/.ssh");
  std::string before = Snapshot(user_home_);
  ModuleResult r = LockAccount(kUser, false, system_);
  EXPECT_TRUE(HasError(r, "is not a directory")) << AllErrors(r);
  EXPECT_EQ(Snapshot(user_home_), before);
  EXPECT_EQ(ReadFile(elsewhere.Sub("authorized_keys")), "root's key\n");

  // A planted .mig-locked name is never overwritten.
  fs::remove(user_home_ + "/.ssh");
  fs::create_directory(user_home_ + "/.ssh");
  WriteFile(user_home_ + "/.ssh/authorized_keys", "real\n");
  WriteFile(user_home_ + "/.ssh/authorized_keys.mig-locked", "planted\n");
  before = Snapshot(user_home_);
  r = LockAccount(kUser, false, system_);
  EXPECT_TRUE(HasError(r, "exists already")) << AllErrors(r);
  EXPECT_EQ(Snapshot(user_home_), before);
  fs::remove(user_home_ + "/.ssh/authorized_keys.mig-locked");

  // A record that is not the module's: unlock refuses, nothing changes.
  ASSERT_TRUE(LockAccount(kUser, false, system_).success);
  const std::string record = RecordPath("/etc", kUser);
  const std::string good = ReadFile(record);
  for (const std::string& bad :
       {std::string("{not json"), std::string(R"({"user":"migvictim","uid":47001})"),
        good.substr(0, good.find("\"previousexpire\"")) + "\"previousexpire\": \"0:0\",\n" +
            good.substr(good.find("\"keys\""))}) {
    WriteFile(record, bad);
    before = Snapshot(user_home_);
    r = UnlockAccount(kUser, false, system_);
    EXPECT_TRUE(HasError(r, "is not valid")) << AllErrors(r);
    EXPECT_EQ(Snapshot(user_home_), before);
  }
  WriteFile(record, good);
  ASSERT_EQ(chown(record.c_str(), kUid, kUid), 0);
  r = UnlockAccount(kUser, false, system_);
  EXPECT_TRUE(HasError(r, "does not belong to root")) << AllErrors(r);
  ASSERT_EQ(chown(record.c_str(), 0, 0), 0);
  // A keys file the user put back while locked is not overwritten.
  WriteFile(user_home_ + "/.ssh/authorized_keys", "new\n");
  before = Snapshot(user_home_);
  r = UnlockAccount(kUser, false, system_);
  EXPECT_TRUE(HasError(r, "exists again")) << AllErrors(r);
  EXPECT_EQ(Snapshot(user_home_), before);
}

// Where the user database lock is held, and by which process (0: free).
pid_t PwdLockHolder() {
  int fd = open("/etc/.pwd.lock", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  struct flock fl {};
  fl.l_type = F_WRLCK;
  fl.l_whence = SEEK_SET;
  pid_t holder = 0;
  if (fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK) holder = fl.l_pid;
  close(fd);
  return holder;
}

TEST_F(AccountSystemTest, ConcurrentUseraddIsWaitedForAndBothEditsSurvive) {
  pid_t useradd = fork();
  if (useradd == 0) {
    setenv("LD_PRELOAD", MIG_HOLD_PWD_LOCK, 1);
    setenv("MIG_TEST_HOLD_PWD_LOCK_MS", "1500", 1);
    const std::string gid = std::to_string(kUid), uid = std::to_string(kConcurrentUid);
    execl("/usr/sbin/useradd", "useradd", "-M", "-N", "-g", gid.c_str(), "-u", uid.c_str(), "-s",
          "/usr/sbin/nologin", "migconcurrent", static_cast<char*>(nullptr));
    _exit(127);
  }
  bool held = false;
  for (int i = 0; i < 500 && !held; ++i) {
    held = PwdLockHolder() == useradd;
    if (!held) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_TRUE(held) << "useradd never held /etc/.pwd.lock";
  const auto start = std::chrono::steady_clock::now();
  ModuleResult r = LockAccount(kUser, false, system_);
  const auto waited = std::chrono::steady_clock::now() - start;
  int status = 0;
  ASSERT_EQ(waitpid(useradd, &status, 0), useradd);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "useradd failed: " << status;
  ASSERT_TRUE(r.success) << AllErrors(r);
  EXPECT_GE(waited, std::chrono::milliseconds(500)) << "the lock did not wait for useradd";
  // Both edits, in files that still parse.
  EXPECT_EQ(Entry("/etc/shadow", kUser)[kExpireField], "1");
  EXPECT_EQ(Entry("/etc/shadow", "migconcurrent").size(), kShadowFields);
  EXPECT_EQ(Entry("/etc/passwd", "migconcurrent")[kUidField], std::to_string(kConcurrentUid));
  EXPECT_EQ(RunShell("pwck -r -q /etc/passwd /etc/shadow 2>&1 | grep -v 'directory'").output, "");
  ASSERT_TRUE(UnlockAccount(kUser, false, system_).success);
  EXPECT_EQ(Entry("/etc/shadow", kUser)[kExpireField], "");
  EXPECT_EQ(Entry("/etc/shadow", "migconcurrent").size(), kShadowFields);
}

TEST_F(AccountSystemTest, ALockHeldTooLongIsAClearErrorAndNothingChanges) {
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  pid_t holder = fork();
  if (holder == 0) {
    int fd = open("/etc/.pwd.lock", O_WRONLY | O_CREAT, 0600);
    struct flock fl {};
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    if (fd < 0 || fcntl(fd, F_SETLKW, &fl) != 0) _exit(1);
    (void)!write(ready[1], "x", 1);
    pause();
    _exit(0);
  }
  children_.push_back(holder);
  char c;
  ASSERT_EQ(read(ready[0], &c, 1), 1);
  close(ready[0]);
  close(ready[1]);
  const std::string before = Snapshot(user_home_);
  system_.lock_wait = std::chrono::milliseconds(400);
  for (bool lock : {true, false}) {
    ModuleResult r =
        lock ? LockAccount(kUser, false, system_) : UnlockAccount(kUser, false, system_);
    EXPECT_FALSE(r.success);
    EXPECT_TRUE(HasError(r, "locked by another program")) << AllErrors(r);
  }
  EXPECT_EQ(Snapshot(user_home_), before);
}

// The real child the agent starts: sandboxed as nobody with the posture's
// capabilities and seccomp filter.
ModuleResult RunSandboxedChild(const std::string& parameters) {
  TempDir dir("mig-account-child");
  WriteFile(dir.Sub("in"), R"({"class":"parameters","parameters":)" + parameters + "}\n");
  auto out = RunShell(std::string(MIG_AGENT_BIN) +
                      " -m account --sandbox uid=65534,gid=65534,memory=2048,cpu=60,files=1024 < " +
                      dir.Sub("in") + " 2>/dev/null");
  EXPECT_EQ(out.exit_code, 0) << out.output;
  auto result = ModuleResultFromJson(out.output);
  if (!result.ok()) {
    ADD_FAILURE() << result.error() << ": " << out.output;
    return {};
  }
  return *result;
}

TEST_F(AccountSystemTest, TheSandboxedChildLocksAndUnlocks) {
  pid_t p = Spawn(kUid);
  const std::string before = Snapshot(user_home_);
  ModuleResult dry = RunSandboxedChild(R"({"lock":"migvictim","dryrun":true})");
  EXPECT_TRUE(dry.success) << AllErrors(dry);
  EXPECT_EQ(Snapshot(user_home_), before);

  ModuleResult locked = RunSandboxedChild(R"({"lock":"migvictim"})");
  ASSERT_TRUE(locked.success) << AllErrors(locked);
  EXPECT_EQ(EndingSignal(p), SIGKILL);
  EXPECT_EQ(Entry("/etc/shadow", kUser)[kExpireField], "1");
  EXPECT_TRUE(fs::exists(user_home_ + "/.ssh/authorized_keys.mig-locked"));
  // Written by uid 65534, owned by root: the file never belonged to nobody.
  EXPECT_EQ(StatLine(RecordPath("/etc", kUser)),
            RecordPath("/etc", kUser) + " 0:0 " + std::to_string(0600) + "\n");

  ModuleResult refused = RunSandboxedChild(R"({"lock":"root"})");
  EXPECT_TRUE(HasError(refused, "is root")) << AllErrors(refused);

  ModuleResult unlocked = RunSandboxedChild(R"({"unlock":"migvictim"})");
  ASSERT_TRUE(unlocked.success) << AllErrors(unlocked);
  EXPECT_EQ(Snapshot(user_home_), before);
}

}  // namespace
}  // namespace mig::modules::account
