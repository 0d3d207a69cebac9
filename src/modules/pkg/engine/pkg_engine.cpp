#include "modules/pkg/engine/pkg_engine.h"

#include <chrono>
#include <memory>

#include <re2/re2.h>

#include "modules/go_format.h"
#include "modules/module_adapter.h"
#include "modules/pkg/pkg_module.h"

namespace mig::modules::pkg {

std::vector<InstalledPackage> SelectPackages(const Parameters& params,
                                             const std::vector<InstalledPackage>& inventory) {
  const VersionFilter filter = VersionFilterOf(params.vermatch);
  std::unique_ptr<RE2> version;
  if (!filter.regex.empty()) version = std::make_unique<RE2>(filter.regex, RE2::Quiet);
  std::vector<InstalledPackage> selected;
  for (const auto& match : params.matches) {
    const RE2 name(match, RE2::Quiet);
    if (!name.ok()) continue;  // validation refused it before
    for (const auto& p : inventory) {
      if (!RE2::PartialMatch(p.name, name)) continue;
      if (version && version->ok() && RE2::PartialMatch(p.version, *version) == filter.inverted)
        continue;
      selected.push_back(p);
    }
  }
  return selected;
}

ModuleResult PkgResult(const Parameters& params, const Inventory& inventory, int64_t runtime_ns) {
  ModuleResult r;
  OrderedJson packages = OrderedJson::array();
  for (const auto& p : SelectPackages(params, inventory.packages)) {
    OrderedJson e = OrderedJson::object();
    e["name"] = JsonSafe(p.name);
    e["version"] = JsonSafe(p.version);
    e["type"] = p.type;
    e["arch"] = JsonSafe(p.arch);
    packages.push_back(std::move(e));
  }
  r.found_anything = !packages.empty();
  r.success = true;
  r.elements = OrderedJson::object();
  r.elements["packages"] = std::move(packages);
  r.statistics = OrderedJson::object();
  r.statistics["execruntime"] = FormatGoDuration(runtime_ns);
  for (const auto& problem : inventory.problems)
    r.errors.push_back(JsonSafe(problem));
  return r;
}

ModuleResult RunPkg(const Parameters& params) {
  const auto start = std::chrono::steady_clock::now();
  ModuleResult result = PkgResult(params, ReadInventory(), 0);
  // execruntime covers the search too, as MIG's does.
  result.statistics["execruntime"] = FormatGoDuration(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start)
          .count());
  return result;
}

}  // namespace mig::modules::pkg

MIG_REGISTER_MODULE_ENGINE(::mig::modules::pkg::PkgSpec, ::mig::modules::pkg::RunPkg)
