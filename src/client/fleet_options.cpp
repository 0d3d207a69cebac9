#include "client/fleet_options.h"

#include <charconv>

#include "core/gcfg.h"

namespace mig::client {
namespace {

// "-t", "--t", "-t=x" -> name "t" and, for the = form, the inline value.
bool SplitFlag(const std::string& arg, std::string& name, std::string& value, bool& has_value) {
  if (arg.size() < 2 || arg[0] != '-') return false;
  name = arg.substr(arg[1] == '-' ? 2 : 1);
  has_value = false;
  if (const size_t eq = name.find('='); eq != std::string::npos) {
    value = name.substr(eq + 1);
    name = name.substr(0, eq);
    has_value = true;
  }
  return !name.empty();
}

Result<Id> ParseActionId(const std::string& flag, const std::string& text) {
  Id id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0)
    return Status::Error("-" + flag + " wants an action ID (a positive integer), not '" + text +
                         "'");
  return id;
}

}  // namespace

Result<FleetOptions> ParseFleetOptions(const std::vector<std::string>& args) {
  FleetOptions o;
  size_t i = 0;
  for (; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "help") {
      o.help = true;
      continue;
    }
    std::string name, value;
    bool has_value = false;
    if (!SplitFlag(arg, name, value, has_value)) break;
    // Flags without a value.
    static const std::vector<std::string> kSwitches = {"p", "s",     "z", "v",
                                                       "V", "local", "h", "help"};
    bool is_switch = false;
    for (const auto& s : kSwitches)
      is_switch = is_switch || s == name;
    if (is_switch) {
      if (has_value) return Status::Error("-" + name + " takes no value");
      if (name == "p") o.print_only = true;
      if (name == "s") o.sign_only = true;
      if (name == "z") o.compress = true;
      if (name == "v") o.verbose = true;
      if (name == "V") o.version = true;
      if (name == "local") o.local = true;
      if (name == "h" || name == "help") o.help = true;
      continue;
    }
    static const std::vector<std::string> kValued = {
        "c", "t", "e", "show", "n", "i", "o", "target-found", "target-notfound"};
    bool known = false;
    for (const auto& s : kValued)
      known = known || s == name;
    if (!known) break;  // the module's options start here
    if (!has_value) {
      if (i + 1 >= args.size()) return Status::Error("-" + name + " needs a value");
      value = args[++i];
    }
    if (name == "c") {
      o.config_path = value;
    } else if (name == "t") {
      if (value.empty()) return Status::Error("-t needs a target expression, a macro or 'local'");
      o.local = value == "local";
      if (!o.local) o.target = value;
    } else if (name == "e") {
      auto nanos = ParseGoDuration(value);
      if (!nanos.ok() || *nanos < 1000000000LL) {
        return Status::Error("-e wants a duration of at least 1s such as 300s, 10m or 1h, not '" +
                             value + "'");
      }
      o.expiration_seconds = *nanos / 1000000000LL;
      o.expiration_given = true;
    } else if (name == "show") {
      if (value == "found") {
        o.show = ShowMode::kFound;
      } else if (value == "notfound") {
        o.show = ShowMode::kNotFound;
      } else if (value == "all") {
        o.show = ShowMode::kAll;
      } else {
        return Status::Error("-show wants found, notfound or all, not '" + value + "'");
      }
    } else if (name == "n") {
      o.name = value;
    } else if (name == "i") {
      o.action_file = value;
    } else if (name == "o") {
      o.json = value == "json";
      o.findings_format.reset();
      if (value == "ocsf" || value == "ecs") {
        o.findings_format = *output::ParseFormat(value);
      } else if (value != "json" && value != "text") {
        return Status::Error(
            "-o wants json (one JSON object per line), text, ocsf or ecs (one finding per line, "
            "docs/output.md), not '" +
            value + "'");
      }
    } else {
      auto id = ParseActionId(name, value);
      if (!id.ok()) return id.status();
      (name == "target-found" ? o.target_found : o.target_notfound) = *id;
    }
  }
  o.module_args.assign(args.begin() + static_cast<long>(i), args.end());
  if (o.print_only && o.sign_only) return Status::Error("-p and -s exclude each other");
  return o;
}

std::string ResolveTarget(const FleetOptions& o, const std::map<std::string, std::string>& macros) {
  std::string target = o.target.empty() ? kDefaultTarget : o.target;
  if (auto m = macros.find(target); m != macros.end()) target = m->second;
  auto found = [](Id id, bool value) {
    return "id IN (select agentid from commands, json_array_elements(commands.results) as r "
           "where actionid=" +
           std::to_string(id) + " and r#>>'{foundanything}' = '" + (value ? "true" : "false") +
           "')";
  };
  if (o.target_found) target = "(" + target + ") AND " + found(o.target_found, true);
  if (o.target_notfound) target = "(" + target + ") AND " + found(o.target_notfound, false);
  return target;
}

std::string DefaultActionName(const std::string& module, const std::vector<std::string>& args) {
  std::string name = module;
  for (const auto& a : args) {
    if (name.size() >= 100) break;
    name += " " + a;
  }
  if (name.size() > 100) name = name.substr(0, 100);
  return name;
}

std::string FleetUsage() {
  return R"(Global options (before the module's options):
  -c FILE           configuration (default ~/.migrc; see docs/mig-cli.md)
  -t TARGET         target expression or [targets] macro name (default status='online');
                    -t local runs the module on this machine, without the API
  -e DURATION       action lifetime, e.g. 300s, 10m (default 300s)
  -n NAME           action name (default: the command line)
  -show MODE        found (default), notfound or all
  -o json           one JSON object per line instead of text
  -o ocsf|ecs       one finding per line: OCSF 1.3.0 or Elastic Common Schema 8.11
  -target-found ID / -target-notfound ID
                    only agents that did / did not find something in action ID
  -p                print the action and exit (nothing signed or sent)
  -s                sign and print the action, do not launch it (a second signer
                    then launches it with mig -i FILE)
  -z                compress the module parameters
  -v                debug output (requests, tokens, answers) on stderr
  -V                print the version
mig -i FILE [-c FILE] [-e DURATION] [-show MODE] [-o FORMAT]: launch an action file,
signing it unless it is signed already.

Exit status: 0 something was found, 1 nothing was found,
             2 usage error, configuration, signing or API error.
)";
}

}  // namespace mig::client
