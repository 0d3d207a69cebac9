#include "scheduler/dispatcher.h"

#include <algorithm>
#include <chrono>

#include <spdlog/spdlog.h>

#include "core/documents_json.h"
#include "core/target/target.h"
#include "relay/topology.h"

namespace mig::scheduler {
namespace {

constexpr int64_t kClaimBatch = 64;
// An action still waiting for confirms after this long gets a warning (once).
constexpr int64_t kSlowConfirmSeconds = 60;

}  // namespace

Status Dispatcher::Recover(Time now) {
  store::ActionQuery q;
  q.window.limit = 100000;
  q.status_like = "scheduled";
  auto scheduled = store_.SearchActions(q);
  if (!scheduled) return scheduled.status();
  for (auto& a : *scheduled) {
    spdlog::info("recovering action {}: expanding it again", a.id);
    Status s = Expand(a, now);
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
      if (s.ok()) s = Expand(a, now);
      if (!s.ok()) spdlog::error("action {}: {}", a.id, s.message());
      continue;
    }
    for (auto& c : *sent)
      c.action = a;
    Status s = Publish(a, *sent, now);
    if (!s.ok()) return s.Context("action " + std::to_string(a.id));
  }
  return Status::Ok();
}

Result<DispatchStats> Dispatcher::Tick(Time now) {
  DispatchStats stats;
  if (Status s = Settle(now, stats); !s.ok()) return s;
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
      Status s = Expand(std::move(a), now);
      if (!s.ok()) {
        if (!publisher_.is_open()) return s;  // the supervisor reconnects; Recover republishes
        spdlog::error("{}", s.message());
      }
    }
    if (static_cast<int64_t>(claimed->size()) < kClaimBatch) break;
  }
  // Confirms of what was just published often arrive within milliseconds.
  if (Status s = Settle(now, stats); !s.ok()) return s;
  return stats;
}

Status Dispatcher::Expand(Action action, Time now) {
  const Id id = action.id;
  Status s = store_.TransitionAction(id, "scheduled", "preparing", now);
  if (!s.ok()) return s.Context("action " + std::to_string(id));
  auto invalid = [&](const std::string& why) {
    spdlog::warn("action {} \"{}\" is invalid: {}", id, action.name, why);
    return store_.TransitionAction(id, "preparing", "invalid", now);
  };
  if (action.expire_after <= now) return invalid("it expired before it was dispatched");
  // Phase durations go to the log: where a slow dispatch spends its time.
  const auto t0 = std::chrono::steady_clock::now();
  auto ms_since = [](std::chrono::steady_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 t)
        .count();
  };
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
  const int64_t resolve_ms = ms_since(t0);
  const auto t1 = std::chrono::steady_clock::now();
  s = store_.InsertCommands(commands);
  if (!s.ok()) return s.Context("action " + std::to_string(id) + ": storing commands");
  const int64_t store_ms = ms_since(t1);
  const auto t2 = std::chrono::steady_clock::now();
  action.status = "inflight";
  s = Publish(action, commands, now);
  if (!s.ok()) return s.Context("action " + std::to_string(id));
  spdlog::info(
      "action {} \"{}\": {} command(s) published (target resolved in {} ms, commands stored in "
      "{} ms, published in {} ms)",
      id, action.name, commands.size(), resolve_ms, store_ms, ms_since(t2));
  return Status::Ok();
}

Status Dispatcher::Publish(const Action& action, const std::vector<Command>& commands, Time now) {
  auto props = relay::CommandProperties(action.expire_after, now);
  if (!props) return props.status();
  props->persistent = persistent_;
  Publishing& p = publishing_[action.id];
  p.name = action.name;
  p.started = now;
  for (const Command& c : commands) {
    const std::string queue = relay::AgentQueueName(c.agent.queue_loc);
    auto seq = publisher_.Publish(relay::kCommandExchange, queue, WriteCommand(c), *props,
                                  /*mandatory=*/true);
    if (!seq) return seq.status().Context("publishing command " + std::to_string(c.id));
    by_sequence_[*seq] =
        InFlight{action.id, c.id, c.agent.queue_loc, c.agent.pid, c.results.size()};
    ++p.unconfirmed;
    ++p.commands;
    spdlog::debug("command {} published to {}", c.id, queue);
  }
  return Status::Ok();
}

Status Dispatcher::Settle(Time now, DispatchStats& stats) {
  // Nothing in flight: still read, so the idle connection answers the
  // broker's heartbeats instead of being closed between actions.
  if (by_sequence_.empty()) return publisher_.KeepAlive();
  auto failures = publisher_.PollConfirms();
  if (!failures) return failures.status();
  std::vector<store::CommandReturn> failed;
  for (const auto& f : *failures) {
    auto it = by_sequence_.find(f.sequence);
    if (it == by_sequence_.end()) continue;
    const InFlight& c = it->second;
    store::CommandReturn r;
    r.command_id = c.command_id;
    r.status = "failed";
    r.results.assign(std::max<size_t>(c.operations, 1), ModuleResult{});
    const std::string why = "the relay could not deliver the command to queue " +
                            relay::AgentQueueName(c.queue_loc) + " (" + f.reason +
                            "): the agent's queue does not exist";
    for (auto& res : r.results)
      res.errors = {why};
    r.agent_queue_loc = c.queue_loc;
    r.agent_pid = c.agent_pid;
    r.finish_time = now;
    failed.push_back(std::move(r));
  }
  stats.commands_unroutable += static_cast<int64_t>(failed.size());
  std::vector<Id> touched;
  if (!failed.empty()) {
    spdlog::warn("{} command(s) could not be delivered", failed.size());
    auto outcomes = store_.UpdateCommandResults(failed);
    if (!outcomes) return outcomes.status();
    for (const auto& o : *outcomes) {
      if (o.result != store::ReturnResult::kAccepted) {
        spdlog::error("command {}: could not record its delivery failure (store refused: {})",
                      o.command_id, static_cast<int>(o.result));
      }
    }
  }
  // Every sequence up to confirmed_through() is settled (a return comes
  // before the confirm of the same publish, so it was handled above).
  const uint64_t through = publisher_.confirmed_through();
  for (auto it = by_sequence_.begin(); it != by_sequence_.end() && it->first <= through;) {
    auto a = publishing_.find(it->second.action_id);
    if (a != publishing_.end() && --a->second.unconfirmed == 0) touched.push_back(a->first);
    ++stats.commands_published;
    it = by_sequence_.erase(it);
  }
  stats.commands_published -= static_cast<int64_t>(failed.size());
  for (Id id : touched) {
    const Publishing p = publishing_[id];
    publishing_.erase(id);
    // Results may already have completed it: that is fine.
    Status s = store_.TransitionAction(id, "preparing", "inflight", now);
    if (!s.ok()) {
      spdlog::info("action {}: every command confirmed; {}", id, s.message());
    } else {
      ++stats.actions;
      spdlog::info("action {} \"{}\": {} command(s) dispatched", id, p.name, p.commands);
    }
    auto progress = store_.RecountActions({id}, now);  // completes it if every publish failed
    if (!progress) return progress.status();
  }
  for (auto& [id, p] : publishing_) {
    if (!p.warned && now.seconds - p.started.seconds > kSlowConfirmSeconds) {
      p.warned = true;
      spdlog::warn("action {}: the relay has not confirmed {} of {} command(s) after {} s", id,
                   p.unconfirmed, p.commands, kSlowConfirmSeconds);
    }
  }
  return Status::Ok();
}

}  // namespace mig::scheduler
