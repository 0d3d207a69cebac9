// What a lock changed, kept until the unlock so that the unlock undoes
// exactly that: whether a '!' was added (none is added to a hash that starts
// with one already), the expiry field as it was (any text the field held,
// empty included), and which keys files were moved.
//
// The record is a root-owned 0600 JSON file next to the files it restores:
// /etc/mig-account-locked.USER. /etc is where the module writes anyway (no
// other directory is opened for writing), it survives reboots and agent
// reinstalls, and an administrator looking at a locked account finds it
// beside /etc/shadow.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace mig::modules::account {

struct LockRecord {
  std::string user;
  uint32_t uid = 0;
  int64_t locked_at = 0;          // Unix seconds
  bool shadow_prefixed = false;   // '!' added to the hash in /etc/shadow
  bool passwd_prefixed = false;   // '!' added to the password field of /etc/passwd
  std::string previous_expire;    // the expiry field before the lock, as written
  std::vector<std::string> keys;  // keys files moved (names in ~/.ssh)
};

constexpr size_t kMaxRecordBytes = 4096;

std::string RecordPath(const std::string& etc_dir, const std::string& user);

std::string EncodeRecord(const LockRecord& record);

// Strict: every field present with its type, the user and a known keys file
// name only, an expiry the shadow file can hold. expected_user must match.
Result<LockRecord> DecodeRecord(std::string_view text, const std::string& expected_user);

}  // namespace mig::modules::account
