#include "client/file_io.h"
#include "console/creators.h"
#include "console/format.h"
#include "console/permission_sets.h"
#include "console/readers.h"
#include "console/words.h"

namespace mig::console {
void CreateInvestigator(Session& s) {
  auto name = Ask(s, "name> ");
  if (!name || name->empty()) {
    s.out << "cancelled: an investigator needs a name\n";
    return;
  }
  auto path = Ask(s, "public key file> ");
  if (!path || path->empty()) {
    s.out << "cancelled: an investigator needs an armored public key (gpg --export -a KEYID > "
             "key.asc)\n";
    return;
  }
  if (path->rfind("~/", 0) == 0 && std::getenv("HOME"))
    *path = std::getenv("HOME") + path->substr(1);
  auto key = client::ReadWholeFile(*path, 1024 * 1024);
  if (!key) {
    s.out << "error: " << key.error() << "\n";
    return;
  }
  if (key->find("-----BEGIN PGP PUBLIC KEY BLOCK-----") == std::string::npos) {
    s.out << "error: " << *path
          << " is not an armored public key; export one with gpg --export -a KEYID\n";
    return;
  }
  auto sets_line = Ask(s,
                       "permission sets, besides Default (PermManifest PermLoader PermAdmin, "
                       "Enter for none)> ");
  if (!sets_line) return;
  auto sets = SplitWords(*sets_line);
  if (!sets) {
    s.out << "error: " << sets.error() << "\n";
    return;
  }
  auto perms = PermissionsJson(*sets);
  if (!perms) {
    s.out << "error: " << perms.error() << "\n";
    return;
  }
  auto items = s.api.CreateInvestigator(*name, *perms, *key);
  if (!items) {
    s.out << "error: " << items.error() << "\n";
    return;
  }
  long long id = 0;
  for (const auto& item : *items)
    for (const auto& [n, v] : item.data)
      if (Num(v, "id") > 0) id = Num(v, "id");
  if (id <= 0) {
    s.out << "the API created the investigator but returned no ID\n";
    return;
  }
  s.out << "Investigator '" << *name << "' created with ID " << id << "\n";
  InvestigatorReader(s, id);
}

}  // namespace mig::console
