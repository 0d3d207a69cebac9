#include "scheduler/dispatcher.h"

#include <map>

#include <spdlog/spdlog.h>

#include "core/documents_json.h"
#include "core/target/target.h"
#include "relay/topology.h"

namespace mig::scheduler {
namespace {

constexpr int64_t kClaimBatch = 64;

}  // namespace

Status Dispatcher::Recover(Time now) {
  DispatchStats stats;
  store::ActionQuery q;
  q.window.limit = 100000;
  q.status_like = "scheduled";
  auto scheduled = store_.SearchActions(q);
  if (!scheduled) return scheduled.status();
  for (auto& a : *scheduled) {
    spdlog::info("recovering action {}: expanding it again", a.id);
    Status s = Expand(a, now, stats);
    if (!s.ok()) spdlog::error("action {}: {}", a.id, s.message());
  }
  q.status_like = "preparing";
  auto preparing = store_.SearchActions(q);
  if (!preparing) return preparing.status();
  for (auto& a : *preparing) {
    store::CommandQuery cq;
    cq.action_id = a.id;
    cq.status_like = "sent";
    cq.window.limit = 10'000'000;
    auto sent = store_.SearchCommands(cq);
    if (!sent) return sent.status();
    spdlog::info("recovering action {}: publishing {} command(s) again", a.id, sent->size());
    if (sent->empty()) {
      Status s = store_.TransitionAction(a.id, "preparing", "scheduled", now);
      if (s.ok()) s = Expand(a, now, stats);
      if (!s.ok()) spdlog::error("action {}: {}", a.id, s.message());
      continue;
    }
    for (auto& c : *sent)
      c.action = a;
    Status s = Publish(a, *sent, now, stats);
    if (s.ok()) s = store_.TransitionAction(a.id, "preparing", "inflight", now);
    if (!s.ok()) spdlog::error("action {}: {}", a.id, s.message());
  }
  return Status::Ok();
}

Result<DispatchStats> Dispatcher::Tick(Time now) {
  DispatchStats stats;
  auto expired = store_.ExpirePendingActions(now);
  if (!expired) return expired.status();
  for (Id id : *expired)
    spdlog::info("action {} expired before it could start", id);

  auto late = store_.ExpireInflightCommands(now);
  if (!late) return late.status();
  if (!late->empty()) {
    auto progress = store_.RecountActions(*late, now);
    if (!progress) return progress.status();
  }

  while (true) {
    auto claimed = store_.ClaimDueActions(now, kClaimBatch);
    if (!claimed) return claimed.status();
    for (auto& a : *claimed) {
      Status s = Expand(std::move(a), now, stats);
      if (!s.ok()) spdlog::error("{}", s.message());
    }
    if (static_cast<int64_t>(claimed->size()) < kClaimBatch) break;
  }
  return stats;
}

Status Dispatcher::Expand(Action action, Time now, DispatchStats& stats) {
  const Id id = action.id;
  Status s = store_.TransitionAction(id, "scheduled", "preparing", now);
  if (!s.ok()) return s.Context("action " + std::to_string(id));
  auto invalid = [&](const std::string& why) {
    spdlog::warn("action {} \"{}\" is invalid: {}", id, action.name, why);
    return store_.TransitionAction(id, "preparing", "invalid", now);
  };
  if (action.expire_after <= now) return invalid("it expired before it was dispatched");
  auto expr = ParseTarget(action.target);
  if (!expr) return invalid(expr.error());
  auto where = CompileTarget(*expr, store_.dialect(), 1);
  if (!where) return invalid(where.error());
  auto agents = store_.ResolveTarget(*where);
  if (!agents) return agents.status().Context("action " + std::to_string(id));
  if (agents->empty()) return invalid("no online or idle agent matches its target");

  const size_t n_ops = action.operations ? action.operations->size() : 0;
  std::vector<Command> commands;
  commands.reserve(agents->size());
  for (auto& agent : *agents) {
    Command c;
    c.action = action;
    c.agent = std::move(agent);
    c.status = "sent";
    c.results.assign(n_ops, ModuleResult{});
    c.start_time = now;
    commands.push_back(std::move(c));
  }
  s = store_.InsertCommands(commands);
  if (!s.ok()) return s.Context("action " + std::to_string(id) + ": storing commands");
  action.status = "inflight";
  s = Publish(action, commands, now, stats);
  if (!s.ok()) return s.Context("action " + std::to_string(id));
  s = store_.TransitionAction(id, "preparing", "inflight", now);
  if (!s.ok()) return s;
  ++stats.actions;
  spdlog::info("action {} \"{}\": {} command(s) dispatched", id, action.name, commands.size());
  auto progress = store_.RecountActions({id}, now);  // completes it if every publish failed
  return progress.status();
}

Status Dispatcher::Publish(const Action& action, std::vector<Command>& commands, Time now,
                           DispatchStats& stats) {
  auto props = relay::CommandProperties(action.expire_after, now);
  if (!props) return props.status();
  std::map<uint64_t, size_t> by_sequence;
  for (size_t i = 0; i < commands.size(); ++i) {
    const std::string queue = relay::AgentQueueName(commands[i].agent.queue_loc);
    auto seq = publisher_.Publish(relay::kToAgentsExchange, queue, WriteCommand(commands[i]),
                                  *props, /*mandatory=*/true);
    if (!seq) return seq.status().Context("publishing command " + std::to_string(commands[i].id));
    by_sequence[*seq] = i;
    spdlog::debug("command {} published to {}", commands[i].id, queue);
  }
  auto failures = publisher_.WaitConfirms(std::chrono::seconds(60));
  if (!failures) return failures.status();
  std::vector<store::CommandReturn> failed;
  for (const auto& f : *failures) {
    auto it = by_sequence.find(f.sequence);
    if (it == by_sequence.end()) continue;
    const Command& c = commands[it->second];
    store::CommandReturn r;
    r.command_id = c.id;
    r.status = "failed";
    r.results.assign(c.results.size(), ModuleResult{});
    const std::string why = "the relay could not deliver the command to queue " +
                            relay::AgentQueueName(c.agent.queue_loc) + " (" + f.reason +
                            "): the agent's queue does not exist";
    if (r.results.empty()) r.results.emplace_back();
    for (auto& res : r.results)
      res.errors = {why};
    r.agent_queue_loc = c.agent.queue_loc;
    r.agent_pid = c.agent.pid;
    r.finish_time = now;
    failed.push_back(std::move(r));
  }
  stats.commands_published += static_cast<int64_t>(commands.size() - failed.size());
  stats.commands_unroutable += static_cast<int64_t>(failed.size());
  if (!failed.empty()) {
    spdlog::warn("action {}: {} command(s) could not be delivered", action.id, failed.size());
    auto outcomes = store_.UpdateCommandResults(failed);
    if (!outcomes) return outcomes.status();
    for (const auto& o : *outcomes) {
      if (o.result != store::ReturnResult::kAccepted) {
        spdlog::error("command {}: could not record its delivery failure (store refused: {})",
                      o.command_id, static_cast<int>(o.result));
      }
    }
  }
  return Status::Ok();
}

}  // namespace mig::scheduler
