// What mig-runner asks of mig-api, behind an interface so that the
// scheduling and ledger logic is tested without a server.
#pragma once

#include <memory>
#include <vector>

#include "client/api_client.h"
#include "core/documents.h"
#include "core/status.h"

namespace mig::runner {

class ActionGateway {
 public:
  virtual ~ActionGateway() = default;
  // Posts a signed action; returns the ID the API gave it.
  virtual Result<Id> Launch(const Action& action) = 0;
  // An action posted earlier whose answer was lost: the ID of the action
  // with that name and validfrom, or 0 when the API has none.
  virtual Result<Id> FindLaunched(const Action& action) = 0;
  // Every command of the action, as the API returns them (paged search).
  virtual Result<std::vector<Json>> Commands(Id action_id) = 0;
};

// The real thing, through the investigator's API client.
class ApiGateway : public ActionGateway {
 public:
  explicit ApiGateway(std::unique_ptr<client::ApiClient> api) : api_(std::move(api)) {}
  Result<Id> Launch(const Action& action) override;
  Result<Id> FindLaunched(const Action& action) override;
  Result<std::vector<Json>> Commands(Id action_id) override;

 private:
  std::unique_ptr<client::ApiClient> api_;
};

}  // namespace mig::runner
