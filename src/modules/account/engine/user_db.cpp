#include "modules/account/engine/user_db.h"

#include <cctype>

namespace mig::modules::account {
namespace {

std::vector<std::string> Split(std::string_view line) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t colon = line.find(':', start);
    if (colon == std::string_view::npos) {
      out.emplace_back(line.substr(start));
      return out;
    }
    out.emplace_back(line.substr(start, colon - start));
    start = colon + 1;
  }
}

bool HasForbiddenByte(std::string_view s) {
  for (char c : s)
    if (c == ':' || c == '\n' || c == '\0') return true;
  return false;
}

}  // namespace

Result<UserDb> UserDb::Parse(std::string text, size_t fields, std::string file) {
  if (text.size() > kMaxUserDbBytes)
    return Result<UserDb>::Error(file + " is larger than " + std::to_string(kMaxUserDbBytes) +
                                 " bytes: refused");
  UserDb db;
  db.file_ = std::move(file);
  db.final_newline_ = text.empty() || text.back() == '\n';
  std::string_view rest(text);
  if (!rest.empty() && rest.back() == '\n') rest.remove_suffix(1);
  size_t number = 0;
  while (!text.empty()) {
    ++number;
    size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    const std::string where = db.file_ + " line " + std::to_string(number);
    if (line.size() > kMaxUserDbLine)
      return Result<UserDb>::Error(where + " is longer than " + std::to_string(kMaxUserDbLine) +
                                   " bytes: refused, the file is not changed");
    if (line.find('\0') != std::string_view::npos)
      return Result<UserDb>::Error(where + " holds a NUL byte: refused, the file is not changed");
    auto split = Split(line);
    if (split.size() != fields)
      return Result<UserDb>::Error(where + " has " + std::to_string(split.size()) + " fields, " +
                                   std::to_string(fields) +
                                   " expected: refused, the file is not changed");
    if (split[0].empty())
      return Result<UserDb>::Error(where + " has an empty name: refused, the file is not changed");
    db.lines_.push_back(std::move(split));
    if (nl == std::string_view::npos) break;
    rest.remove_prefix(nl + 1);
  }
  return db;
}

Result<size_t> UserDb::Find(std::string_view name) const {
  size_t found = lines_.size();
  for (size_t i = 0; i < lines_.size(); ++i) {
    if (lines_[i][0] != name) continue;
    if (found != lines_.size())
      return Result<size_t>::Error(std::string(name) + " appears more than once in " + file_ +
                                   ": refused");
    found = i;
  }
  if (found == lines_.size())
    return Result<size_t>::Error("no user " + std::string(name) + " in " + file_);
  return found;
}

Status UserDb::SetField(size_t line, size_t field, std::string value) {
  if (HasForbiddenByte(value))
    return Status::Error("a field of " + file_ + " cannot hold ':', a newline or NUL");
  lines_[line][field] = std::move(value);
  return Status::Ok();
}

std::string UserDb::Text() const {
  std::string out;
  for (size_t i = 0; i < lines_.size(); ++i) {
    for (size_t f = 0; f < lines_[i].size(); ++f) {
      if (f) out += ':';
      out += lines_[i][f];
    }
    if (i + 1 < lines_.size() || final_newline_) out += '\n';
  }
  return out;
}

bool IsValidExpireField(std::string_view value) {
  if (value.empty()) return true;
  if (value.size() > 19) return false;
  size_t i = value[0] == '-' ? 1 : 0;
  if (i == value.size()) return false;
  for (; i < value.size(); ++i)
    if (!std::isdigit(static_cast<unsigned char>(value[i]))) return false;
  return true;
}

}  // namespace mig::modules::account
