#include "scheduler/ingest.h"

#include <fstream>
#include <optional>
#include <set>

#include <re2/re2.h>
#include <spdlog/spdlog.h>

#include "core/documents_json.h"
#include "core/log_escape.h"
#include "core/utf8.h"
#include "store/records.h"

namespace mig::scheduler {
namespace {

constexpr size_t kMaxResultBytes = 64u << 20;
constexpr size_t kMaxHeartbeatBytes = 100u << 10;  // protocol.md 6.2

// MIG's sanity check: at least 10 bytes, an object from { to }.
bool LooksLikeObject(std::string_view body) {
  return body.size() >= 10 && body.front() == '{' && body.back() == '}';
}

// The start of a message as a log line may show it.
std::string Preview(std::string_view body) {
  return EscapeLogValue(body.substr(0, 80)) + (body.size() > 80 ? "..." : "");
}

// The queue locations that messages without a user-id speak for and that
// have their own relay identity: one store query per batch, and none when
// every message names its sender (agents with their own relay account).
Result<std::set<std::string>> EnrolledAmongUnsigned(store::Store& store,
                                                    std::span<const RelayMessage> messages,
                                                    const std::vector<std::string>& queue_locs) {
  std::vector<std::string> unsigned_locs;
  for (size_t i = 0; i < messages.size(); ++i) {
    if (!messages[i].sender && !queue_locs[i].empty()) unsigned_locs.push_back(queue_locs[i]);
  }
  if (unsigned_locs.empty()) return std::set<std::string>();
  auto enrolled = store.EnrolledAmong(std::move(unsigned_locs));
  if (!enrolled.ok()) return enrolled.status();
  return std::set<std::string>(enrolled->begin(), enrolled->end());
}

// The heartbeat interval an agent declares through its message's expiration
// (10 x the interval, in milliseconds); 0 when absent or implausible.
int64_t DeclaredIntervalSeconds(const std::optional<std::string>& expiration) {
  if (!expiration || expiration->empty() || expiration->size() > 12) return 0;
  int64_t ms = 0;
  for (char c : *expiration) {
    if (c < '0' || c > '9') return 0;
    ms = ms * 10 + (c - '0');
  }
  const int64_t seconds = ms / 10 / 1000;
  return seconds >= 1 && seconds <= 86400 ? seconds : 0;
}

}  // namespace

Result<IngestStats> IngestResults(store::Store& store, std::span<const RelayMessage> messages,
                                  const SenderPolicy& senders, Time now) {
  IngestStats stats;
  // Parsed first, so that the senders of the whole batch are checked with
  // one store query.
  std::vector<std::optional<Command>> commands(messages.size());
  std::vector<std::string> claimed(messages.size());
  for (size_t i = 0; i < messages.size(); ++i) {
    const std::string& body = messages[i].body;
    if (!LooksLikeObject(body)) {
      spdlog::warn("dropping a result that is not a JSON object ({} bytes: \"{}\")", body.size(),
                   Preview(body));
      ++stats.rejected;
      continue;
    }
    auto cmd = ParseCommand(body, kMaxResultBytes);
    if (!cmd) {
      spdlog::warn("dropping an unreadable result: {}", EscapeLogValue(cmd.error()));
      ++stats.rejected;
      continue;
    }
    // A queue location no column can hold names no agent (and would fail
    // the store queries of the whole batch).
    if (std::string why = CheckStorableText(cmd->agent.queue_loc); !why.empty()) {
      spdlog::warn("dropping the result for command {}: its agent queueloc has {} (\"{}\")",
                   cmd->id, why, EscapeLogValue(cmd->agent.queue_loc));
      ++stats.rejected;
      continue;
    }
    claimed[i] = cmd->agent.queue_loc;
    commands[i] = std::move(cmd.value());
  }
  auto enrolled = EnrolledAmongUnsigned(store, messages, claimed);
  if (!enrolled.ok()) return enrolled.status();
  std::vector<store::CommandReturn> batch;
  for (size_t i = 0; i < messages.size(); ++i) {
    if (!commands[i]) continue;
    Command* cmd = &*commands[i];
    Status sender =
        CheckSender(messages[i].sender, claimed[i], enrolled->count(claimed[i]) > 0, senders);
    if (!sender.ok()) {
      spdlog::warn("result for command {} refused: {}", cmd->id, sender.message());
      ++stats.rejected;
      continue;
    }
    store::CommandReturn r;
    r.command_id = cmd->id;
    r.status = cmd->status;
    r.results = std::move(cmd->results);
    r.agent_queue_loc = cmd->agent.queue_loc;
    r.agent_pid = cmd->agent.pid;
    r.finish_time = now;
    batch.push_back(std::move(r));
  }
  if (batch.empty()) return stats;
  auto outcomes = store.UpdateCommandResults(batch);
  if (!outcomes) return outcomes.status();
  std::vector<Id> touched;
  for (const auto& o : *outcomes) {
    if (o.result == store::ReturnResult::kAccepted) {
      ++stats.accepted;
      touched.push_back(o.action_id);
      continue;
    }
    ++stats.rejected;
    const char* why = o.result == store::ReturnResult::kAlreadySucceeded ? "already succeeded"
                      : o.result == store::ReturnResult::kUnknownCommand ? "unknown command"
                      : o.result == store::ReturnResult::kAgentMismatch
                          ? "sender is not the agent the command was sent to"
                          : "invalid status";
    spdlog::warn("result for command {} refused: {}", o.command_id, why);
  }
  if (!touched.empty()) {
    auto progress = store.RecountActions(touched, now);
    if (!progress) return progress.status();
    for (const auto& p : *progress) {
      if (p.completed)
        spdlog::info("action {} completed ({} results)", p.action_id, p.counters.done);
    }
  }
  return stats;
}

Result<Whitelist> Whitelist::Load(const std::string& path) {
  Whitelist w;
  if (path.empty()) return w;
  std::ifstream f(path);
  if (!f) return Result<Whitelist>::Error("cannot read agent whitelist " + path);
  w.allow_all_ = false;
  std::string line;
  while (std::getline(f, line)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
      line.pop_back();
    if (line.empty()) continue;
    if (line.rfind("re:", 0) == 0) {
      RE2 re(line.substr(3));
      if (!re.ok()) {
        return Result<Whitelist>::Error("agent whitelist " + path + ": invalid regex \"" +
                                        line.substr(3) + "\": " + re.error());
      }
      w.patterns_.push_back(line.substr(3));
    } else {
      w.exact_.insert(line);
    }
  }
  return w;
}

bool Whitelist::Allows(const std::string& queue_loc) const {
  if (allow_all_ || exact_.count(queue_loc)) return true;
  for (const auto& p : patterns_) {
    if (RE2::FullMatch(queue_loc, p)) return true;
  }
  return false;
}

Result<IngestStats> IngestHeartbeats(store::Store& store, std::span<const RelayMessage> messages,
                                     const HeartbeatRules& rules, Time now) {
  IngestStats stats;
  auto reject = [&](const std::string& why) {
    spdlog::warn("dropping heartbeat: {}", why);
    ++stats.rejected;
  };
  std::vector<std::optional<Agent>> agents(messages.size());
  std::vector<std::string> claimed(messages.size());
  for (size_t i = 0; i < messages.size(); ++i) {
    const std::string& body = messages[i].body;
    if (body.size() > kMaxHeartbeatBytes) {
      reject("larger than 100 kB");
      continue;
    }
    auto agent = ParseAgent(body, kMaxHeartbeatBytes);
    if (!agent) {
      reject(EscapeLogValue(agent.error()));
      continue;
    }
    const Agent& a = *agent;
    // What the agent wrote goes to the log escaped.
    const std::string name = EscapeLogValue(a.name);
    const std::string queue_loc = EscapeLogValue(a.queue_loc);
    if (a.mode != "" && a.mode != "daemon" && a.mode != "checkin") {
      reject("agent " + name + " reported an invalid mode \"" + EscapeLogValue(a.mode) + "\"");
      continue;
    }
    if (a.name.empty() || a.name.size() > 1024 || a.version.size() > 128 || a.queue_loc.empty() ||
        a.pid <= 0) {
      reject("missing or oversized name, version, queueloc or pid (queueloc \"" + queue_loc +
             "\")");
      continue;
    }
    // Text no column can hold (the store refuses it too, but the queue
    // location is looked up before that).
    std::string why;
    for (const std::string* text : {&a.name, &a.queue_loc, &a.version}) {
      if (why.empty()) why = CheckStorableText(*text);
    }
    if (!why.empty()) {
      reject("heartbeat of " + name + " (queueloc \"" + queue_loc + "\") has " + why);
      continue;
    }
    if (a.heartbeat_time.seconds < now.seconds - rules.timers.agent_timeout_seconds) {
      reject("heartbeat of " + name + " is older than the agent timeout");
      continue;
    }
    // From the future: it would never grow older than the timeout.
    if (a.heartbeat_time > now.AddSeconds(store::kMaxClockAheadSeconds)) {
      reject("heartbeat of " + name + " is dated " + FormatTime(a.heartbeat_time) +
             ", more than a day ahead of this server's clock");
      continue;
    }
    if (rules.whitelist && !rules.whitelist->Allows(a.queue_loc)) {
      reject("queue location " + queue_loc + " of " + name + " is not in the whitelist");
      continue;
    }
    claimed[i] = a.queue_loc;
    agents[i] = std::move(agent.value());
  }
  auto enrolled = EnrolledAmongUnsigned(store, messages, claimed);
  if (!enrolled.ok()) return enrolled.status();
  std::vector<store::Heartbeat> batch;
  for (size_t i = 0; i < messages.size(); ++i) {
    if (!agents[i]) continue;
    Status sender =
        CheckSender(messages[i].sender, claimed[i], enrolled->count(claimed[i]) > 0, rules.senders);
    if (!sender.ok()) {
      reject("heartbeat of " + EscapeLogValue(agents[i]->name) + ": " + sender.message());
      continue;
    }
    batch.push_back({std::move(*agents[i]), store::HeartbeatSource::kAmqp,
                     DeclaredIntervalSeconds(messages[i].expiration)});
  }
  if (batch.empty()) return stats;
  auto outcomes = store.UpsertHeartbeats(batch, now, rules.timers);
  if (!outcomes) return outcomes.status();
  for (const auto& o : *outcomes) {
    if (o.result == store::HeartbeatResult::kRejected) {
      ++stats.rejected;
      spdlog::warn("heartbeat refused by the store: {}", EscapeLogValue(o.error));
    } else {
      ++stats.accepted;
    }
  }
  return stats;
}

Status StoreIsolatingBadMessages(std::span<const RelayMessage> messages, const char* what,
                                 const std::function<Status(std::span<const RelayMessage>)>& store,
                                 int64_t* dropped) {
  if (messages.empty()) return Status::Ok();
  Status s = store(messages);
  if (s.ok() || !s.is_data_error()) return s;
  if (messages.size() == 1) {
    const RelayMessage& m = messages.front();
    spdlog::warn(
        "dropping a {} the store cannot take ({}): {} bytes from relay user \"{}\": \"{}\"", what,
        EscapeLogValue(s.message()), m.body.size(), EscapeLogValue(m.sender.value_or("")),
        Preview(m.body));
    if (dropped) ++*dropped;
    return Status::Ok();
  }
  // Halves: a batch of n with one bad message costs about 2 log2(n) more
  // store calls; each half that succeeds is stored for good.
  const size_t half = messages.size() / 2;
  s = StoreIsolatingBadMessages(messages.first(half), what, store, dropped);
  if (!s.ok()) return s;
  return StoreIsolatingBadMessages(messages.subspan(half), what, store, dropped);
}

}  // namespace mig::scheduler
