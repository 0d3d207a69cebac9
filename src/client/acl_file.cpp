#include "client/acl_file.h"

#include "client/file_io.h"

namespace mig::client {

Result<Acl> LoadAclFile(const std::string& path) {
  auto text = ReadWholeFile(path);
  if (!text) return text.status();
  auto acl = ParseAcl(*text);
  if (!acl) return Status::Error(path + ": not a valid ACL: " + acl.error());
  return acl;
}

}  // namespace mig::client
