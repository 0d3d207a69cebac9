// The user's SSH authorized keys files, moved aside on lock and back on
// unlock, inside ~/.ssh only: the home comes from /etc/passwd, but .ssh
// belongs to the user, so it is opened without following a symbolic link
// (a .ssh linked to /root/.ssh must not move root's keys), and a rename
// never replaces a file (RENAME_NOREPLACE).
#pragma once

#include <string>
#include <vector>

#include "core/status.h"

namespace mig::modules::account {

// The files sshd reads by default, and the suffix they get while locked.
const std::vector<std::string>& AuthorizedKeysNames();
constexpr const char* kLockedSuffix = ".mig-locked";

struct KeyMove {
  std::string name;  // in .ssh: authorized_keys or authorized_keys2
  std::string from;  // full paths, for reports
  std::string to;
};

// Which files a lock moves (those present), or an error when one of them
// cannot move (its .mig-locked name is taken, .ssh is not a directory).
Result<std::vector<KeyMove>> PlanKeysLock(const std::string& home);

// The moves back for the names a lock recorded; an error when the original
// name is taken again. A name whose .mig-locked file is gone is skipped and
// reported in *missing.
Result<std::vector<KeyMove>> PlanKeysUnlock(const std::string& home,
                                            const std::vector<std::string>& names,
                                            std::vector<std::string>* missing);

// Does one planned move; .ssh is opened anew (not followed).
Status MoveKeysFile(const std::string& home, const KeyMove& move);

}  // namespace mig::modules::account
