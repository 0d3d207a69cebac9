// The investigator reader: `investigator <id>` at the top level.
#include "console/format.h"
#include "console/permission_sets.h"
#include "console/readers.h"
#include "core/base64.h"

namespace mig::console {
namespace {

// POST /investigator/update/ and the investigator's new state printed.
void Update(Session& s, long long id, const Params& fields) {
  Params form = {{"id", std::to_string(id)}};
  form.insert(form.end(), fields.begin(), fields.end());
  auto items = s.api.PostForm("investigator/update/", form);
  if (!items) {
    s.out << "error: " << items.error() << "\n";
    return;
  }
  for (const auto& item : *items)
    for (const auto& [name, value] : item.data) {
      if (Str(value, "apikey").size() > 3 && Str(value, "apikey") != "set")
        s.out << "New API key (shown only once): " << Str(value, "apikey") << "\n";
    }
  s.out << "investigator " << id << " updated\n";
}

}  // namespace

void InvestigatorReader(Session& s, long long id) {
  Json inv;
  if (!FetchOrPrintError(s, "investigator", id, inv)) return;
  s.out << "Entering investigator reader mode. Type exit or press Ctrl-D to leave, help for help.\n"
        << "Investigator " << Str(inv, "id") << " named '" << Str(inv, "name") << "' status "
        << Str(inv, "status") << "\n";
  const std::vector<ModeCommand> commands = {
      {"apikey",
       "active|disabled",
       "issue a new API key (shown once) or disable it",
       {"active", "disabled"}},
      {"details", "", "show the investigator", {}},
      {"json", "", "the investigator as JSON", {}},
      {"lastactions", "[n]", "the last n actions the investigator signed (default 10)", {}},
      {"pubkey", "", "the investigator's armored public key", {}},
      {"r", "", "reload the investigator", {}},
      {"setperms", "[PermManifest|PermLoader|PermAdmin ...]",
       "replace the permissions (Default always included)", PermissionSetNames()},
      {"setstatus",
       "active|disabled",
       "enable or disable the investigator",
       {"active", "disabled"}},
      {"showperms", "", "the permissions held", {}},
  };
  auto reload = [&] { FetchOrPrintError(s, "investigator", id, inv); };
  RunMode(s, "mig investigator " + std::to_string(id) + "> ", commands,
          [&](const std::vector<std::string>& w, const std::string&) {
            const std::string& c = w[0];
            const std::string arg = w.size() > 1 ? w[1] : "";
            if (c == "details") {
              s.out << FormatInvestigatorDetails(inv);
            } else if (c == "json") {
              s.out << PrettyJson(inv) << "\n";
            } else if (c == "r") {
              reload();
              s.out << "reloaded: status " << Str(inv, "status") << "\n";
            } else if (c == "pubkey") {
              auto key = Base64Decode(Str(inv, "publickey"));
              if (!key || key->empty())
                s.out << "the API returned no public key for this investigator\n";
              else
                s.out << *key << (key->back() == '\n' ? "" : "\n");
            } else if (c == "showperms") {
              const Json& p = inv.contains("permissions") ? inv["permissions"] : Json();
              if (p.is_object())
                for (auto it = p.begin(); it != p.end(); ++it)
                  s.out << "  " << it.key() << ": " << it->dump() << "\n";
            } else if (c == "setstatus" || c == "apikey") {
              if (arg != "active" && arg != "disabled") {
                s.out << "usage: " << c << " active|disabled\n";
              } else {
                Update(s, id, {{c == "setstatus" ? "status" : "apikey", arg}});
                reload();
              }
            } else if (c == "setperms") {
              auto perms = PermissionsJson(std::vector<std::string>(w.begin() + 1, w.end()));
              if (!perms) {
                s.out << "error: " << perms.error() << "\n";
              } else {
                Update(s, id, {{"permissions", *perms}});
                reload();
              }
            } else if (c == "lastactions") {
              auto n = arg.empty() ? Result<long long>(10) : ParseId(arg, "the number of actions");
              if (!n) {
                s.out << "usage: lastactions [n]: " << n.error() << "\n";
                return true;
              }
              auto items = s.api.Get("search", {{"type", "action"},
                                                {"investigatorid", std::to_string(id)},
                                                {"limit", std::to_string(*n)}});
              if (!items)
                s.out << "error: " << items.error() << "\n";
              else
                s.out << FormatSearchResults("action", *items);
            }
            return true;
          });
}

}  // namespace mig::console
