// Preparing a document's objects (spec/modules/scribe.md sections 3.2-3.6
// and 3.8 step 1): variables expanded, files located and read, packages
// queried, import chains fired. What each object yields is a list of
// criteria, or the error that stopped it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "modules/scribe/document.h"
#include "modules/scribe/engine/packages.h"

namespace mig::modules::scribe {

struct Criterion {
  std::string identifier;
  std::string value;
};

struct PreparedObject {
  bool chain = false;     // has ${chain_root}: never prepared on its own
  bool prepared = false;  // prepared, successfully or not
  std::string error;      // non-empty when preparing failed
  std::vector<Criterion> criteria;
};

// Bounds on what one document may make the engine do.
struct PrepareLimits {
  int max_chain_depth = 16;                   // import chains inside chains
  size_t max_chain_runs = 10000;              // chain objects prepared in one run
  size_t max_criteria = 1000000;              // criteria of one object
  size_t max_bytes_read = size_t{512} << 20;  // file bytes read in one run
};

// Prepares every object, in document order (the index of an object in the
// document is its index in the result). The package inventory is asked for
// once, at the first package object.
std::vector<PreparedObject> PrepareObjects(const Document& document,
                                           const PackageSourceFn& packages,
                                           const PrepareLimits& limits = {});

}  // namespace mig::modules::scribe
