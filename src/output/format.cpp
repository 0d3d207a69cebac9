#include "output/format.h"

namespace mig::output {

Result<Format> ParseFormat(std::string_view name) {
  if (name == "ocsf") return Format::kOcsf;
  if (name == "ecs") return Format::kEcs;
  return Result<Format>::Error("unknown output format '" + std::string(name) +
                               "': ocsf (OCSF 1.3.0) or ecs (Elastic Common Schema 8.11)");
}

std::string FormatName(Format format) {
  return format == Format::kOcsf ? "ocsf" : "ecs";
}

}  // namespace mig::output
