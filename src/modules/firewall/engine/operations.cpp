#include "modules/firewall/engine/operations.h"

#include "modules/firewall/engine/nft_script.h"
#include "modules/firewall/engine/nft_session.h"
#include "modules/firewall/engine/table_state.h"
#include "modules/firewall/firewall_module.h"

namespace mig::modules::firewall {
namespace {

struct Plan {
  std::vector<std::string> table;     // layout, idempotent
  std::vector<std::string> commands;  // what changes
};

Result<TableState> ReadState(NftSession& nft) {
  auto listing = nft.ListTable();
  if (!listing) return listing.status();
  if (listing->is_null()) return TableState{};
  return ParseTableListing(*listing);
}

bool Has(const TableState& state, const BlockKey& key) {
  for (const auto& b : state.blocks)
    if (b.key == key) return true;
  return false;
}

Plan MakePlan(const Request& r, const TableState& state) {
  Plan plan;
  switch (r.operation) {
    case Operation::kList:
      break;
    case Operation::kBlock: {
      plan.table = TableCommands();
      for (const Direction d : {Direction::kIn, Direction::kOut}) {
        if (r.direction != Direction::kBoth && r.direction != d) continue;
        const BlockKey key{r.network, d, r.protocol, r.port};
        // Adding an element that exists keeps its old timeout on some
        // kernels: replace it, in the same transaction.
        if (Has(state, key)) plan.commands.push_back(DeleteBlock(key));
        plan.commands.push_back(AddBlock(key, r.ttl_ms));
      }
      break;
    }
    case Operation::kUnblock:
      for (const auto& key : BlocksOf(state, r.network))
        plan.commands.push_back(DeleteBlock(key));
      break;
    case Operation::kIsolate:
      plan.table = TableCommands();
      plan.commands = Isolate(r.keep, r.ttl_ms);
      break;
    case Operation::kRelease:
      if (state.isolation.active || !state.isolation.keep.empty()) plan.commands = Release();
      break;
  }
  return plan;
}

OrderedJson Strings(const std::vector<std::string>& list) {
  OrderedJson a = OrderedJson::array();
  for (const auto& s : list)
    a.push_back(s);
  return a;
}

}  // namespace

ModuleResult FailureResult(const std::string& message) {
  ModuleResult r;
  r.errors.push_back(message);
  return r;
}

ModuleResult Execute(const Request& request, NftSession& nft) {
  auto before = ReadState(nft);
  if (!before) return FailureResult("reading table inet mig: " + before.error());
  Plan plan = MakePlan(request, *before);
  TableState after = *before;
  bool changes = !plan.commands.empty();
  if (changes && !request.dryrun) {
    // An element can expire between reading and deleting it, which fails
    // the transaction: one more try from a fresh reading.
    for (int attempt = 0;; ++attempt) {
      std::vector<std::string> all = plan.table;
      all.insert(all.end(), plan.commands.begin(), plan.commands.end());
      const Status st = nft.Apply(all);
      if (st.ok()) break;
      auto fresh = attempt == 0 ? ReadState(nft) : Result<TableState>::Error("");
      Plan again = fresh ? MakePlan(request, *fresh) : plan;
      if (!fresh || again.commands == plan.commands)
        return FailureResult(OperationName(request.operation) +
                             " failed, nothing changed: " + st.message());
      plan = std::move(again);
      changes = !plan.commands.empty();
      if (!changes) break;  // what was to be removed is gone already
    }
    auto read = ReadState(nft);
    if (!read) return FailureResult("changed, but reading table inet mig failed: " + read.error());
    after = *read;
  }
  ModuleResult result;
  result.success = true;
  OrderedJson e = OrderedJson::object();
  e["operation"] = OperationName(request.operation);
  e["dryrun"] = request.dryrun;
  if (request.operation != Operation::kList) {
    e["changed"] = changes && !request.dryrun;
    if (request.operation == Operation::kBlock || request.operation == Operation::kUnblock)
      e["address"] = request.network.ToString();
    if (request.operation == Operation::kBlock || request.operation == Operation::kIsolate)
      e["ttl"] = request.ttl_ms / 1000;
    e["commands"] = Strings(plan.commands);
    if (changes) e["table"] = Strings(plan.table);
  }
  e["state"] = StateToJson(after);
  result.elements = e;
  result.found_anything = request.operation == Operation::kList
                              ? !after.blocks.empty() || after.isolation.active
                              : changes;
  return result;
}

ModuleResult Execute(const Request& request) {
  auto nft = NftSession::Open();
  if (!nft) return FailureResult(nft.error());
  return Execute(request, **nft);
}

namespace {

// The adapter hands the engine the parameters and the request their
// validation settled; the request is all it needs.
ModuleResult RunFirewallAction(const Parameters& /*params*/, const Request& request) {
  return Execute(request);
}

}  // namespace
}  // namespace mig::modules::firewall

MIG_REGISTER_MODULE_ENGINE(::mig::modules::firewall::FirewallSpec,
                           ::mig::modules::firewall::RunFirewallAction)
