#include "modules/account/engine/account_ops.h"

#include <unistd.h>

#include <charconv>
#include <ctime>
#include <optional>

#include "modules/account/engine/lock_record.h"
#include "modules/account/engine/process_killer.h"
#include "modules/account/engine/report.h"
#include "modules/account/engine/ssh_keys.h"
#include "modules/account/engine/system_files.h"
#include "modules/account/engine/user_db.h"

namespace mig::modules::account {
namespace {

constexpr uint32_t kNobodyUid = 65534;
constexpr const char* kLockedExpire = "1";

struct UserFiles {
  std::string passwd_path, shadow_path;
  FileContent passwd_file, shadow_file;
  UserDb passwd, shadow;
  size_t pw = 0, sp = 0;  // the user's line in each
  uint32_t uid = 0;
  std::string home;
};

// The real uid of the process that started this one (the agent).
long long ParentUid() {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/status", static_cast<int>(getppid()));
  auto status = ReadSystemFile(path, 65536);
  if (!status) return -1;
  const auto pos = status->data.find("\nUid:");
  if (pos == std::string::npos) return -1;
  long long uid = -1;
  const char* p = status->data.data() + pos + 5;
  while (*p == '\t' || *p == ' ')
    ++p;
  std::from_chars(p, status->data.data() + status->data.size(), uid);
  return uid;
}

Status RefuseAccount(const std::string& user, uint32_t uid, const AccountSystem& system) {
  const std::string who = user + " (uid " + std::to_string(uid) + ")";
  if (uid == 0) return Status::Error("refused: " + who + " is root");
  if (uid == kNobodyUid) return Status::Error("refused: " + who + " is nobody, the sandbox's uid");
  if (uid < system.first_user_uid)
    return Status::Error("refused: " + who + " is a system account (uid below " +
                         std::to_string(system.first_user_uid) +
                         "); stop its services with the service manager instead");
  if (uid == getuid() || uid == geteuid())
    return Status::Error("refused: " + who + " is the uid this module runs as");
  if (static_cast<long long>(uid) == ParentUid())
    return Status::Error("refused: " + who + " is the uid the agent runs as");
  return Status::Ok();
}

Result<UserFiles> LoadUser(const std::string& user, const AccountSystem& system) {
  UserFiles f;
  f.passwd_path = system.etc_dir + "/passwd";
  f.shadow_path = system.etc_dir + "/shadow";
  auto pf = ReadSystemFile(f.passwd_path, kMaxUserDbBytes);
  if (!pf) return pf.status();
  auto sf = ReadSystemFile(f.shadow_path, kMaxUserDbBytes);
  if (!sf) return sf.status();
  f.passwd_file = std::move(*pf);
  f.shadow_file = std::move(*sf);
  auto pdb = UserDb::Parse(f.passwd_file.data, kPasswdFields, f.passwd_path);
  if (!pdb) return pdb.status();
  auto sdb = UserDb::Parse(f.shadow_file.data, kShadowFields, f.shadow_path);
  if (!sdb) return sdb.status();
  f.passwd = std::move(*pdb);
  f.shadow = std::move(*sdb);
  auto pw = f.passwd.Find(user);
  if (!pw) return Status::Error(pw.error() + ": nothing changed");
  f.pw = *pw;
  const std::string& uid_text = f.passwd.Field(f.pw, kUidField);
  uint64_t uid = 0;
  const auto [end, ec] = std::from_chars(uid_text.data(), uid_text.data() + uid_text.size(), uid);
  if (uid_text.empty() || ec != std::errc() || end != uid_text.data() + uid_text.size() ||
      uid > UINT32_MAX)
    return Status::Error("the uid of " + user + " in " + f.passwd_path +
                         " is not a number: refused");
  f.uid = static_cast<uint32_t>(uid);
  // Another line with uid 0 and this name would be caught by Find; a second
  // name for uid 0 is root too.
  if (Status st = RefuseAccount(user, f.uid, system); !st) return st;
  f.home = f.passwd.Field(f.pw, kHomeField);
  auto sp = f.shadow.Find(user);
  if (!sp)
    return Status::Error(sp.error() +
                         ": locking needs the account's shadow entry (its expiry); "
                         "nothing changed");
  f.sp = *sp;
  if (!IsValidExpireField(f.shadow.Field(f.sp, kExpireField)))
    return Status::Error("the expiry field of " + user + " in " + f.shadow_path +
                         " is not a number of days: refused, nothing changed");
  return f;
}

bool StartsWithBang(const std::string& s) {
  return !s.empty() && s[0] == '!';
}

std::string Quote(const std::string& s) {
  return "'" + s + "'";
}

OrderedJson PidList(const std::vector<int>& pids) {
  OrderedJson j = OrderedJson::array();
  for (int p : pids)
    j.push_back(p);
  return j;
}

void ReportKill(Report& report, const KillReport& k, bool dryrun, const char* round) {
  std::string pids;
  for (int p : k.pids)
    pids += (pids.empty() ? "" : " ") + std::to_string(p);
  const std::string n = std::to_string(k.pids.size());
  std::string detail = dryrun ? n + " process(es) would be killed" : n + " process(es) killed";
  if (!pids.empty()) detail += ": " + pids;
  if (*round) detail += std::string(" (") + round + ")";
  OrderedJson extra;
  extra["pids"] = PidList(k.pids);
  report.Step("processes", "", !k.pids.empty(), detail, extra);
  for (const auto& e : k.errors)
    report.Error("killing processes: " + e);
}

void ReportKeys(Report& report, const KeyMove& m, bool dryrun, bool done) {
  OrderedJson extra;
  extra["from"] = m.from;
  extra["to"] = m.to;
  report.Step("keys", m.from, done, (dryrun ? "would move to " : "moved to ") + m.to, extra);
}

// Writes the two databases if they changed; the first failure stops.
// *partly: /etc/shadow was written, /etc/passwd could not be.
Status WriteUserFiles(const UserFiles& f, bool* partly) {
  *partly = false;
  const std::string shadow = f.shadow.Text();
  if (shadow != f.shadow_file.data) {
    Status st = WriteSystemFile(f.shadow_path, shadow, f.shadow_file.owner, f.shadow_file.group,
                                f.shadow_file.mode, true);
    if (!st) return st;
  }
  const std::string passwd = f.passwd.Text();
  if (passwd != f.passwd_file.data) {
    Status st = WriteSystemFile(f.passwd_path, passwd, f.passwd_file.owner, f.passwd_file.group,
                                f.passwd_file.mode, true);
    *partly = !st && shadow != f.shadow_file.data;
    if (*partly) return Status::Error(st.message() + "; " + f.shadow_path + " was changed already");
    if (!st) return st;
  }
  return Status::Ok();
}

}  // namespace

ModuleResult LockAccount(const std::string& user, bool dryrun, const AccountSystem& system) {
  Report report("lock", user, dryrun);
  std::optional<PasswdLock> lock;
  if (!dryrun) {  // a dry run creates not even the lock file
    auto l = PasswdLock::Acquire(system.etc_dir, system.lock_wait);
    if (!l) return report.Fail(l.error());
    lock.emplace(std::move(*l));
  }
  auto loaded = LoadUser(user, system);
  if (!loaded) return report.Fail(loaded.error());
  UserFiles& f = *loaded;
  report.SetUid(f.uid);
  const std::string record_path = RecordPath(system.etc_dir, user);
  if (PathExists(record_path))
    return report.Fail(user + " is locked already (" + record_path +
                       " exists): unlock it first; nothing changed");

  LockRecord rec;
  rec.user = user;
  rec.uid = f.uid;
  rec.locked_at = static_cast<int64_t>(time(nullptr));
  const std::string hash = f.shadow.Field(f.sp, kPasswordField);
  rec.shadow_prefixed = !StartsWithBang(hash);
  rec.previous_expire = f.shadow.Field(f.sp, kExpireField);
  const std::string pw = f.passwd.Field(f.pw, kPasswordField);
  rec.passwd_prefixed = pw != "x" && !StartsWithBang(pw);
  if (rec.shadow_prefixed) (void)f.shadow.SetField(f.sp, kPasswordField, "!" + hash);
  (void)f.shadow.SetField(f.sp, kExpireField, kLockedExpire);
  if (rec.passwd_prefixed) (void)f.passwd.SetField(f.pw, kPasswordField, "!" + pw);
  auto keys = PlanKeysLock(f.home);
  if (!keys) return report.Fail(keys.error() + "; nothing changed");
  for (const auto& k : *keys)
    rec.keys.push_back(k.name);

  const std::string would = dryrun ? "would be " : "";
  report.Step("password", f.shadow_path, rec.shadow_prefixed,
              rec.shadow_prefixed ? "'!' " + would + "prefixed to the password hash"
                                  : "the password hash starts with '!' already (left as is)");
  report.Step("expiry", f.shadow_path, rec.previous_expire != kLockedExpire,
              "account expiry " + would + "set to 1 (was " + Quote(rec.previous_expire) + ")",
              OrderedJson{{"from", rec.previous_expire}, {"to", kLockedExpire}});
  if (rec.passwd_prefixed)
    report.Step("password", f.passwd_path, true,
                "'!' " + would + "prefixed to the password field (it holds a password, not 'x')");
  report.Step("record", record_path, true,
              dryrun ? "what the lock changes would be recorded here for the unlock"
                     : "what the lock changed is recorded here for the unlock");
  if (dryrun) {
    ReportKill(report, ListProcessesOf(f.uid), true, "");
    for (const auto& k : *keys)
      ReportKeys(report, k, true, true);
    return report.Finish();
  }

  if (Status st = WriteSystemFile(record_path, EncodeRecord(rec), 0, 0, 0600, false); !st)
    return report.Fail(st.message());
  bool partly = false;
  if (Status st = WriteUserFiles(f, &partly); !st) {
    if (partly) {  // the record stays: the unlock undoes what was done
      report.Error(st.message());
      return report.Finish();
    }
    (void)RemoveSystemFile(record_path);  // nothing to undo
    return report.Fail(st.message());
  }
  lock.reset();  // other editors may go on while processes are killed

  // Killed before the keys move so no process of the user puts them back,
  // and once more after, for one that started in between.
  ReportKill(report, KillProcessesOf(f.uid), false, "");
  for (const auto& k : *keys) {
    Status st = MoveKeysFile(f.home, k);
    ReportKeys(report, k, false, st.ok());
    if (!st) report.Error(st.message());
  }
  KillReport late = KillProcessesOf(f.uid);
  if (!late.pids.empty() || !late.errors.empty())
    ReportKill(report, late, false, "started during the lock");
  return report.Finish();
}

ModuleResult UnlockAccount(const std::string& user, bool dryrun, const AccountSystem& system) {
  Report report("unlock", user, dryrun);
  std::optional<PasswdLock> lock;
  if (!dryrun) {
    auto l = PasswdLock::Acquire(system.etc_dir, system.lock_wait);
    if (!l) return report.Fail(l.error());
    lock.emplace(std::move(*l));
  }
  auto loaded = LoadUser(user, system);
  if (!loaded) return report.Fail(loaded.error());
  UserFiles& f = *loaded;
  report.SetUid(f.uid);
  const std::string record_path = RecordPath(system.etc_dir, user);
  if (!PathExists(record_path))
    return report.Fail(user + " was not locked by this module (no " + record_path +
                       "); an account locked by hand is unlocked with usermod -U and "
                       "usermod -e; nothing changed");
  auto record_file = ReadSystemFile(record_path, kMaxRecordBytes);
  if (!record_file) return report.Fail(record_file.error() + "; nothing changed");
  if (record_file->owner != 0)
    return report.Fail(record_path + " does not belong to root: refused, nothing changed");
  auto rec = DecodeRecord(record_file->data, user);
  if (!rec) return report.Fail(rec.error());
  if (rec->uid != f.uid)
    return report.Fail("the lock record was written for uid " + std::to_string(rec->uid) + ", " +
                       user + " is uid " + std::to_string(f.uid) +
                       " now: refused, nothing changed");

  const std::string would = dryrun ? "would be " : "";
  const std::string hash = f.shadow.Field(f.sp, kPasswordField);
  if (!rec->shadow_prefixed) {
    report.Step("password", f.shadow_path, false, "the '!' was there before the lock (left as is)");
  } else if (StartsWithBang(hash)) {
    (void)f.shadow.SetField(f.sp, kPasswordField, hash.substr(1));
    report.Step("password", f.shadow_path, true, "the '!' added by the lock " + would + "removed");
  } else {
    report.Step("password", f.shadow_path, false,
                "no '!' to remove: the password was changed since the lock (left as is)");
  }
  const std::string expire = f.shadow.Field(f.sp, kExpireField);
  if (expire == kLockedExpire) {
    (void)f.shadow.SetField(f.sp, kExpireField, rec->previous_expire);
    report.Step("expiry", f.shadow_path, rec->previous_expire != kLockedExpire,
                "account expiry " + would + "put back to " + Quote(rec->previous_expire),
                OrderedJson{{"from", expire}, {"to", rec->previous_expire}});
  } else {
    report.Step("expiry", f.shadow_path, false,
                "account expiry changed since the lock (now " + Quote(expire) + ", left as is)");
  }
  if (rec->passwd_prefixed) {
    const std::string pw = f.passwd.Field(f.pw, kPasswordField);
    const bool bang = StartsWithBang(pw);
    if (bang) (void)f.passwd.SetField(f.pw, kPasswordField, pw.substr(1));
    report.Step("password", f.passwd_path, bang,
                bang ? "the '!' added by the lock " + would + "removed"
                     : "no '!' to remove in the password field (left as is)");
  }
  std::vector<std::string> missing;
  auto keys = PlanKeysUnlock(f.home, rec->keys, &missing);
  if (!keys) return report.Fail(keys.error() + "; nothing changed");
  for (const auto& m : missing)
    report.Step("keys", m, false, "is gone: nothing to move back");
  if (dryrun) {
    for (const auto& k : *keys)
      ReportKeys(report, k, true, true);
    report.Step("record", record_path, true, "would be removed");
    return report.Finish();
  }

  bool partly = false;
  if (Status st = WriteUserFiles(f, &partly); !st) {
    if (!partly) return report.Fail(st.message());
    report.Error(st.message() + "; the record is kept, unlock again once fixed");
    return report.Finish();
  }
  lock.reset();
  bool all_moved = true;
  for (const auto& k : *keys) {
    Status st = MoveKeysFile(f.home, k);
    ReportKeys(report, k, false, st.ok());
    if (!st) {
      report.Error(st.message());
      all_moved = false;
    }
  }
  if (!all_moved) {
    report.Step("record", record_path, false, "kept: a keys file could not be moved back");
    return report.Finish();
  }
  if (Status st = RemoveSystemFile(record_path); !st)
    report.Error(st.message());
  else
    report.Step("record", record_path, true, "removed");
  return report.Finish();
}

}  // namespace mig::modules::account
