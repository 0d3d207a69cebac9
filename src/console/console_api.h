// The narrow view of mig-api the console needs. The console never speaks
// HTTP itself: an adapter over the project's API client implements this, and
// tests can implement it in memory.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/gojson.h"
#include "core/status.h"

namespace mig::console {

using Params = std::vector<std::pair<std::string, std::string>>;

// One Collection+JSON item: its href and its data entries (name, value).
struct ApiItem {
  std::string href;
  std::vector<std::pair<std::string, Json>> data;
  // The value of the first data entry called `name`, or null.
  const Json& Value(const std::string& name) const;
};

class ConsoleApi {
 public:
  virtual ~ConsoleApi() = default;

  // GET <base>/<endpoint>?<params>. A search answering 404 "no results
  // found" is an empty list, not an error. Errors carry the server's message
  // ("HTTP 403: Insufficient permissions ...").
  virtual Result<std::vector<ApiItem>> Get(const std::string& endpoint, const Params& params) = 0;

  // GET of a full URL or a path below the base (the `query` command); the
  // raw body.
  virtual Result<std::string> GetRaw(const std::string& uri) = 0;

  // POST of a urlencoded form.
  virtual Result<std::vector<ApiItem>> PostForm(const std::string& endpoint,
                                                const Params& form) = 0;

  // POST /investigator/create/ (multipart: name, permissions, publickey file).
  virtual Result<std::vector<ApiItem>> CreateInvestigator(const std::string& name,
                                                          const std::string& permissions_json,
                                                          const std::string& armored_pubkey) = 0;

  // Signs an action's signed string (or any text) with the investigator's
  // key as ~/.migrc configures it; returns MIG's one-line signature.
  virtual Result<std::string> Sign(const std::string& data) = 0;

  // A target macro of ~/.migrc ([targets] macro = name:expression) replaced
  // by its expression; anything else unchanged.
  virtual std::string ExpandTarget(const std::string& target) const { return target; }

  // The base URL, for `showcfg` and messages.
  virtual std::string BaseUrl() const = 0;
};

}  // namespace mig::console
