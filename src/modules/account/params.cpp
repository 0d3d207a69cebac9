#include "modules/account/params.h"

#include "modules/account/user_name.h"
#include "modules/go_flags.h"
#include "modules/go_json.h"

namespace mig::modules::account {

Result<Parameters> DecodeParameters(const Json& json) {
  if (Status st = gojson::RequireObject(json, "account.params"); !st) return st;
  Parameters p;
  const std::string w = "params";
  if (Status st = gojson::ReadString(json, "lock", w, &p.lock); !st) return st;
  if (Status st = gojson::ReadString(json, "unlock", w, &p.unlock); !st) return st;
  if (Status st = gojson::ReadBool(json, "dryrun", w, &p.dryrun); !st) return st;
  return p;
}

Status ValidateParameters(const Parameters& params) {
  if (params.lock.empty() == params.unlock.empty())
    return Status::Error("give exactly one of lock and unlock, with a user name");
  const std::string& user = params.lock.empty() ? params.unlock : params.lock;
  if (!IsValidUserName(user)) {
    std::string shown = user.substr(0, 40);
    for (char& c : shown)
      if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) c = '?';
    return Status::Error("'" + shown + (user.size() > 40 ? "...'" : "'") +
                         " is not a valid user name (letters, digits, '_', '-', '.', at most "
                         "32 characters, starting with a letter or '_')");
  }
  return Status::Ok();
}

OrderedJson ParametersToJson(const Parameters& params) {
  OrderedJson j = OrderedJson::object();
  if (!params.lock.empty()) j["lock"] = params.lock;
  if (!params.unlock.empty()) j["unlock"] = params.unlock;
  j["dryrun"] = params.dryrun;
  return j;
}

namespace {

// The one registration of `mig account` flags: the parser and the description.
FlagSet DeclareFlags(Parameters& p) {
  FlagSet flags("mig account");
  flags.String("lock", &p.lock,
               "lock this user: password, expiry, processes killed, SSH keys moved aside");
  flags.String("unlock", &p.unlock, "undo exactly what -lock did to this user");
  flags.Bool("dryrun", &p.dryrun, "say what would change, change nothing");
  return flags;
}

}  // namespace

std::vector<FlagInfo> AccountFlags() {
  Parameters p;
  return DeclareFlags(p).Describe();
}

Result<Parameters> ParseAccountArgs(const std::vector<std::string>& args, const FileSource& files) {
  Parameters p;
  const FlagSet flags = DeclareFlags(p);
  // Go's flag package stops at the first non-flag; a user name left over
  // (`-dryrun bob`) would otherwise be dropped silently.
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-lock" || a == "--lock" || a == "-unlock" || a == "--unlock") {
      ++i;
      continue;
    }
    if (a.empty() || a[0] != '-')
      return Result<Parameters>::Error("unexpected argument '" + a +
                                       "': usage: mig account (-lock USER | -unlock USER) "
                                       "[-dryrun]");
  }
  if (Status st = flags.Parse(args, files); !st) return st;
  return p;
}

std::string AccountUsage() {
  return R"(mig account - lock or unlock a local user account (Linux; a response module)

usage: mig account (-lock USER | -unlock USER) [-dryrun]

  -lock USER     lock USER's password ('!' before the hash in /etc/shadow, as
                 usermod -L), expire the account (expiry day 1, as usermod -e 1),
                 SIGKILL every process whose real uid is USER's, and move
                 ~USER/.ssh/authorized_keys and authorized_keys2 to
                 *.mig-locked. What was changed is recorded in
                 /etc/mig-account-locked.USER for the unlock.
  -unlock USER   undo exactly what -lock did: remove the '!' it added, put the
                 expiry back, move the keys files back, remove the record.
  -dryrun        say what would change (and which processes would be killed),
                 change nothing.

Refused: root and every uid 0 account, system accounts (uid below 1000),
nobody (65534), the uid the module runs as and the agent's.

examples:
  mig account -t 'name=''web1''' -lock mallory -dryrun
  mig account -t 'name=''web1''' -lock mallory
  mig account -t 'name=''web1''' -unlock mallory

Global options (-t, -show, -p) must come before the module flags.
)";
}

}  // namespace mig::modules::account
