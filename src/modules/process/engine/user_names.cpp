#include "modules/process/engine/user_names.h"

#include <charconv>
#include <fstream>
#include <iterator>
#include <sstream>

namespace mig::modules::process {

UserNames::UserNames(const std::string& passwd_path) {
  std::ifstream in(passwd_path);
  if (!in) return;
  names_ =
      Parse(std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()));
}

std::string UserNames::Name(uint32_t uid) const {
  auto it = names_.find(uid);
  return it == names_.end() ? std::to_string(uid) : it->second;
}

std::map<uint32_t, std::string> UserNames::Parse(const std::string& text) {
  std::map<uint32_t, std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    // name:password:uid:...
    const size_t a = line.find(':');
    if (a == 0 || a == std::string::npos) continue;
    const size_t b = line.find(':', a + 1);
    if (b == std::string::npos) continue;
    const size_t c = line.find(':', b + 1);
    if (c == std::string::npos) continue;
    uint32_t uid = 0;
    const char* first = line.data() + b + 1;
    const char* last = line.data() + c;
    auto [end, ec] = std::from_chars(first, last, uid);
    if (ec != std::errc() || end != last || first == last) continue;
    out.emplace(uid, line.substr(0, a));  // the first entry of a uid wins, as getpwuid
  }
  return out;
}

}  // namespace mig::modules::process
