// /etc/passwd and /etc/shadow as colon-separated lines, read strictly and
// written back byte for byte except the fields changed. A file with any line
// this parser does not understand is refused whole: rewriting a file one
// does not understand is how files get corrupted.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace mig::modules::account {

// Bounds on what is read: far above any real user database, low enough that
// an attacker's line or file cannot make the module hold gigabytes.
constexpr size_t kMaxUserDbBytes = 64u << 20;
constexpr size_t kMaxUserDbLine = 64u << 10;

constexpr size_t kPasswdFields = 7;  // name:pw:uid:gid:gecos:home:shell
constexpr size_t kShadowFields = 9;  // name:pw:last:min:max:warn:inactive:expire:reserved

// Field indexes used by the module.
constexpr size_t kPasswordField = 1;
constexpr size_t kUidField = 2;
constexpr size_t kHomeField = 5;
constexpr size_t kExpireField = 7;

class UserDb {
 public:
  // Splits text into lines of exactly `fields` fields. file names the file in
  // errors ("/etc/shadow line 3: 5 fields, 9 expected").
  static Result<UserDb> Parse(std::string text, size_t fields, std::string file);

  // The index of name's line; an error when it is missing or repeated.
  Result<size_t> Find(std::string_view name) const;

  const std::string& Field(size_t line, size_t field) const { return lines_[line][field]; }
  // value must hold no ':', newline or NUL (checked; an error otherwise).
  Status SetField(size_t line, size_t field, std::string value);

  // The file again: unchanged lines byte for byte, the final newline (or its
  // absence) kept.
  std::string Text() const;

 private:
  std::vector<std::vector<std::string>> lines_;
  bool final_newline_ = true;
  std::string file_;
};

// An expiry field: empty, or a decimal number of days (shadow-utils writes -1
// as empty, some tools write it).
bool IsValidExpireField(std::string_view value);

}  // namespace mig::modules::account
