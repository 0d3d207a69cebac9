#include "api/console_acl.h"

#include <cerrno>
#include <cstring>
#include <fstream>

#include "core/json_fields.h"

namespace mig::api {

std::string WriteAclJson(const Acl& acl) {
  std::string out;
  ObjectWriter modules(out);
  for (const auto& [module, entry] : acl) {
    std::string& e = modules.Key(module);
    ObjectWriter w(e);
    w.Int("minimumweight", entry.minimum_weight);
    std::string& inv = w.Key("investigators");
    ObjectWriter signers(inv);
    for (const auto& [label, signer] : entry.investigators) {
      std::string& one = signers.Key(label);
      ObjectWriter s(one);
      s.String("fingerprint", signer.fingerprint);
      s.Int("weight", signer.weight);
      s.End();
    }
    signers.End();
    w.End();
  }
  modules.End();
  return out;
}

Result<std::string> LoadConsoleAcl(const std::string& path, size_t max_bytes) {
  const std::string where = "console.acl: " + path;
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error(where + ": " + std::strerror(errno));
  std::string text;
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, static_cast<size_t>(in.gcount()));
    if (text.size() > max_bytes)
      return Status::Error(where + ": larger than " + std::to_string(max_bytes) +
                           " bytes; not an ACL");
  }
  if (in.bad()) return Status::Error(where + ": read error");
  auto acl = ParseAcl(text);
  if (!acl.ok()) return Status::Error(where + ": not a valid ACL: " + acl.error());
  return WriteAclJson(*acl);
}

}  // namespace mig::api
