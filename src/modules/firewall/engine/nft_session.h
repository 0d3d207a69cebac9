// The kernel's nftables through libnftables (one netlink socket of family
// NETLINK_NETFILTER; needs CAP_NET_ADMIN in the network namespace).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/documents.h"
#include "core/status.h"

struct nft_ctx;

namespace mig::modules::firewall {

class NftSession {
 public:
  // An error when this build has no libnftables or the context cannot be made.
  static Result<std::unique_ptr<NftSession>> Open();
  ~NftSession();
  NftSession(const NftSession&) = delete;
  NftSession& operator=(const NftSession&) = delete;

  // Runs the commands as one transaction: all of them or none.
  Status Apply(const std::vector<std::string>& commands);

  // `list table inet mig` as JSON; null when the table does not exist.
  Result<Json> ListTable();

 private:
  explicit NftSession(nft_ctx* ctx) : ctx_(ctx) {}
  // Output and error text of one run; false when it failed.
  bool Run(const std::string& text, std::string* output, std::string* error);

  nft_ctx* ctx_;
};

}  // namespace mig::modules::firewall
