// ConsoleApi over the project's API client (client/api_client.h) and the
// investigator's ~/.migrc (client/migrc.h).
#pragma once

#include <memory>

#include "client/api_client.h"
#include "client/migrc.h"
#include "console/console_api.h"

namespace mig::console {

class ClientConsoleApi : public ConsoleApi {
 public:
  // verbose: requests and answers go to stderr (-v).
  static Result<std::unique_ptr<ClientConsoleApi>> Create(const client::Migrc& rc, bool verbose);

  Result<std::vector<ApiItem>> Get(const std::string& endpoint, const Params& params) override;
  Result<std::string> GetRaw(const std::string& uri) override;
  Result<std::vector<ApiItem>> PostForm(const std::string& endpoint, const Params& form) override;
  Result<std::vector<ApiItem>> CreateInvestigator(const std::string& name,
                                                  const std::string& permissions_json,
                                                  const std::string& armored_pubkey) override;
  Result<std::string> Sign(const std::string& data) override;
  std::string BaseUrl() const override;
  std::string ExpandTarget(const std::string& target) const override;

  // What `showcfg` prints: the migrc's settings, never secrets.
  std::string ConfigText() const;

 private:
  ClientConsoleApi(client::Migrc rc, std::unique_ptr<client::ApiClient> client)
      : rc_(std::move(rc)), client_(std::move(client)) {}
  client::Migrc rc_;
  std::unique_ptr<client::ApiClient> client_;
};

}  // namespace mig::console
