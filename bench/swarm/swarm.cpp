#include "swarm.h"

#include <queue>
#include <random>
#include <unordered_map>

#include "agent/authorizer.h"
#include "core/acl.h"
#include "core/documents_json.h"
#include "core/pgp/keyring.h"
#include "relay/topology.h"

namespace mig::bench {
namespace {

using Clock = std::chrono::steady_clock;

constexpr char kAlphabet[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

}  // namespace

Result<VerifyMode> ParseVerifyMode(const std::string& text) {
  if (text == "every") return VerifyMode::kEvery;
  if (text == "once") return VerifyMode::kOnce;
  if (text == "none") return VerifyMode::kNone;
  return Result<VerifyMode>::Error("verify mode \"" + text + "\": use every, once or none");
}

std::string SwarmQueueLoc(uint64_t seed, size_t index) {
  std::mt19937_64 rng(seed * 1000003u + index);
  std::string uid;
  for (int i = 0; i < 90; ++i)
    uid += kAlphabet[rng() % (sizeof(kAlphabet) - 1)];
  return "linux." + uid;
}

struct Swarm::Agent {
  mig::Agent doc;  // heartbeat document, heartbeat_time set on each send
  std::string queue;
  bool slow = false, silent = false, offline = false;
};

// One connection and the agents it carries, driven by one thread.
class Swarm::Link {
 public:
  Link(Swarm& swarm, std::vector<Agent> agents, uint64_t seed)
      : swarm_(swarm), agents_(std::move(agents)), rng_(seed) {}

  // Connects, declares and consumes every queue, sends the first heartbeats.
  Status Setup() {
    const auto& o = swarm_.options_;
    auto conn = relay::AmqpConnection::Open(o.relay);
    if (!conn) return conn.status();
    conn_ = std::move(conn.value());
    Status s = conn_->EnableConfirms();
    if (s.ok()) s = conn_->SetPrefetch(1);  // per consumer, as agents do (7.2)
    if (!s.ok()) return s;
    if (o.verify != VerifyMode::kNone) {
      s = MakeAuthorizer();
      if (!s.ok()) return s;
    }
    for (size_t i = 0; i < agents_.size(); ++i) {
      Agent& a = agents_[i];
      s = conn_->DeclareQueue(a.queue);
      if (s.ok()) s = conn_->BindQueue(a.queue, relay::kToAgentsExchange, a.queue);
      if (s.ok() && !a.offline) s = conn_->Consume(a.queue, /*auto_ack=*/false).status();
      if (!s.ok()) return s.Context("agent " + a.doc.name);
      by_queue_[a.queue] = i;
    }
    // Everyone registers at once; later heartbeats are spread over the interval.
    const auto now = Clock::now();
    const auto interval = std::chrono::duration_cast<Clock::duration>(o.heartbeat_interval);
    std::uniform_int_distribution<int64_t> phase(1, interval.count());
    for (size_t i = 0; i < agents_.size(); ++i) {
      s = PublishHeartbeat(agents_[i]);
      if (!s.ok()) return s;
      if (!agents_[i].offline) heartbeats_.push({now + Clock::duration(phase(rng_)), i});
    }
    return Confirm();
  }

  // Runs until stop; returns why it ended early.
  Status Run(const std::atomic<bool>& stop) {
    const auto interval =
        std::chrono::duration_cast<Clock::duration>(swarm_.options_.heartbeat_interval);
    while (!stop) {
      auto now = Clock::now();
      while (!heartbeats_.empty() && heartbeats_.top().first <= now) {
        auto [when, i] = heartbeats_.top();
        heartbeats_.pop();
        Status s = PublishHeartbeat(agents_[i]);
        if (!s.ok()) return s;
        heartbeats_.push({when + interval, i});
      }
      while (!answers_.empty() && answers_.top().due <= now) {
        const Answer& a = answers_.top();
        Status s = PublishAnswer(a);
        if (!s.ok()) return s;
        answers_.pop();
      }
      Status s = Confirm();
      if (!s.ok()) return s;
      auto wait = std::chrono::milliseconds(20);
      if (!answers_.empty()) {
        auto until = std::chrono::duration_cast<std::chrono::milliseconds>(answers_.top().due -
                                                                           Clock::now());
        wait = std::clamp(until, std::chrono::milliseconds(0), wait);
      }
      auto batch = conn_->Receive(1024, wait);
      if (!batch) return batch.status();
      if (batch->empty()) continue;
      for (const auto& d : *batch)
        OnCommand(d);
      s = conn_->Ack(batch->back().delivery_tag, /*multiple=*/true);
      if (!s.ok()) return s;
    }
    return Status::Ok();
  }

  // A swarm goes away like a fleet losing power: a polite close of a
  // channel holding thousands of consumers can keep a busy broker for minutes.
  void Close() {
    if (conn_) conn_->Abandon();
  }

 private:
  struct Answer {
    Clock::time_point due;
    std::string body;
    Id action_id = 0;
    std::string queue_loc;
    bool operator<(const Answer& o) const { return due > o.due; }  // min-heap
  };

  Status MakeAuthorizer() {
    const auto& o = swarm_.options_;
    pgp::Keyring keyring;
    Status s = keyring.Add(o.investigator_key);
    if (!s.ok()) return s.Context("swarm investigator key");
    std::string acl_text = o.acl_json;
    if (acl_text.empty()) {
      acl_text = R"({"default":{"minimumweight":1,"investigators":{)";
      bool first = true;
      for (const auto& fpr : keyring.Fingerprints()) {
        acl_text += std::string(first ? "" : ",") + "\"" + fpr + "\":{\"fingerprint\":\"" + fpr +
                    "\",\"weight\":1}";
        first = false;
      }
      acl_text += "}}}";
    }
    auto acl = ParseAcl(acl_text);
    if (!acl) return acl.status().Context("swarm ACL");
    authorizer_ = std::make_unique<agent::PgpAuthorizer>(std::move(keyring), std::move(acl.value()),
                                                         false, agent::RespondPolicy{});
    return Status::Ok();
  }

  Status Authorize(const Action& action) {
    const auto mode = swarm_.options_.verify;
    if (mode == VerifyMode::kNone) return Status::Ok();
    if (mode == VerifyMode::kOnce) {
      auto it = verdicts_.find(action.id);
      if (it != verdicts_.end()) return it->second;
    }
    Status s = authorizer_->Authorize(action, Time::Now());
    if (mode == VerifyMode::kOnce) verdicts_.emplace(action.id, s);
    return s;
  }

  // A real agent acks on receipt (5.4), then checks and answers.
  void OnCommand(const relay::Delivery& d) {
    auto it = by_queue_.find(d.routing_key);
    auto cmd = ParseCommand(d.body);
    if (it == by_queue_.end() || !cmd) {
      ++swarm_.rejected_;
      return;
    }
    const Agent& agent = agents_[it->second];
    swarm_.RecordCommand(cmd->action.id);
    if (agent.silent) return;
    Command reply = std::move(cmd.value());
    Status auth = Authorize(reply.action);
    const size_t n_ops = reply.action.operations ? reply.action.operations->size() : 0;
    reply.results.assign(n_ops, ModuleResult{});
    if (auth.ok()) {
      reply.status = "success";
      for (auto& r : reply.results) {
        r.success = true;
        r.elements = OrderedJson::object({{"swarm", agent.doc.name}});
      }
    } else {
      ++swarm_.rejected_;
      reply.status = "failed";
      if (reply.results.empty()) reply.results.emplace_back();
      for (auto& r : reply.results)
        r.errors = {auth.message()};
    }
    reply.agent.queue_loc = agent.doc.queue_loc;
    auto delay = swarm_.options_.answer_delay.Draw(rng_);
    if (agent.slow) delay += swarm_.options_.slow_extra;
    answers_.push(
        {Clock::now() + delay, WriteCommand(reply), reply.action.id, agent.doc.queue_loc});
  }

  Status PublishHeartbeat(Agent& a) {
    a.doc.heartbeat_time = Time::Now();
    auto props = relay::HeartbeatProperties(swarm_.options_.heartbeat_interval);
    if (!props) return props.status();
    props->user_id = a.doc.queue_loc;
    auto seq = conn_->Publish(relay::kToSchedulersExchange, relay::kHeartbeatsQueue,
                              WriteAgent(a.doc), *props);
    if (!seq) return seq.status();
    ++swarm_.heartbeats_;
    return Status::Ok();
  }

  Status PublishAnswer(const Answer& a) {
    auto props = relay::ResultProperties(swarm_.options_.heartbeat_interval);
    if (!props) return props.status();
    props->user_id = a.queue_loc;
    auto seq = conn_->Publish(relay::kToSchedulersExchange, relay::kResultsQueue, a.body, *props);
    if (!seq) return seq.status();
    swarm_.RecordResult(a.action_id);
    return Status::Ok();
  }

  // Publishes are pipelined and confirms read without waiting: each real
  // agent waits for its own confirm only, so one slow confirm (RabbitMQ
  // syncing thousands of agent queues to disk) must not stop the thousands
  // of other agents of this connection. Waits only above a bounded backlog.
  Status Confirm() {
    if (conn_->unconfirmed() == 0) return Status::Ok();
    auto failures = conn_->unconfirmed() > kMaxUnconfirmed
                        ? conn_->WaitConfirms(std::chrono::seconds(60))
                        : conn_->PollConfirms();
    if (!failures) return failures.status();
    swarm_.publish_errors_ += static_cast<int64_t>(failures->size());
    return Status::Ok();
  }

  static constexpr uint64_t kMaxUnconfirmed = 20000;

  Swarm& swarm_;
  std::vector<Agent> agents_;
  std::mt19937_64 rng_;
  std::unique_ptr<relay::AmqpConnection> conn_;
  std::unordered_map<std::string, size_t> by_queue_;
  std::unique_ptr<agent::PgpAuthorizer> authorizer_;
  std::map<Id, Status> verdicts_;
  std::priority_queue<std::pair<Clock::time_point, size_t>,
                      std::vector<std::pair<Clock::time_point, size_t>>, std::greater<>>
      heartbeats_;
  std::priority_queue<Answer> answers_;
};

Swarm::Swarm(const SwarmOptions& options) : options_(options) {}

Result<std::unique_ptr<Swarm>> Swarm::Start(const SwarmOptions& o) {
  if (o.agents == 0 || o.connections == 0)
    return Result<std::unique_ptr<Swarm>>::Error("swarm: agents and connections must be > 0");
  for (double f : {o.slow_fraction, o.silent_fraction, o.offline_fraction}) {
    if (f < 0 || f > 1)
      return Result<std::unique_ptr<Swarm>>::Error("swarm: fractions must lie in [0, 1]");
  }
  if (o.slow_fraction + o.silent_fraction + o.offline_fraction > 1)
    return Result<std::unique_ptr<Swarm>>::Error("swarm: slow + silent + offline exceed 1");
  if (o.verify != VerifyMode::kNone && o.investigator_key.empty())
    return Result<std::unique_ptr<Swarm>>::Error(
        "swarm: verifying signatures needs the investigator's public key (or verify none)");
  std::unique_ptr<Swarm> swarm(new Swarm(o));
  const size_t links = std::min(o.connections, o.agents);
  const auto count = [&](double f) {
    return static_cast<size_t>(f * static_cast<double>(o.agents));
  };
  const size_t n_offline = count(o.offline_fraction), n_silent = count(o.silent_fraction),
               n_slow = count(o.slow_fraction);
  std::vector<std::vector<Agent>> groups(links);
  const Time start = Time::Now();
  for (size_t i = 0; i < o.agents; ++i) {
    Agent a;
    a.doc.name = o.name_prefix + std::to_string(i);
    a.doc.queue_loc = SwarmQueueLoc(o.seed, i);
    a.doc.mode = "daemon";
    a.doc.version = "swarm-1";
    a.doc.pid = 100000 + static_cast<int64_t>(i);
    a.doc.start_time = start;
    a.doc.refresh_time = start;
    a.doc.environment = {"systemd", "Debian 12",    "linux",       "amd64", false,
                         "",        {"10.0.0.1/8"}, "203.0.113.1", {},      {"file", "ping"}};
    a.doc.tags = {{"swarm", "yes"}};
    a.queue = relay::AgentQueueName(a.doc.queue_loc);
    const size_t from_end = o.agents - 1 - i;  // special agents are the last ones
    a.offline = from_end < n_offline;
    a.silent = !a.offline && from_end < n_offline + n_silent;
    a.slow = !a.offline && !a.silent && from_end < n_offline + n_silent + n_slow;
    if (!a.offline) ++swarm->alive_;
    if (!a.offline && !a.silent) ++swarm->answering_;
    groups[i % links].push_back(std::move(a));
  }
  for (size_t l = 0; l < links; ++l)
    swarm->links_.push_back(std::make_unique<Link>(*swarm, std::move(groups[l]), o.seed + l));

  std::atomic<size_t> ready{0};
  std::atomic<bool> failed{false};
  for (auto& link : swarm->links_) {
    swarm->threads_.emplace_back([s = swarm.get(), l = link.get(), &ready, &failed] {
      Status st = l->Setup();
      if (!st.ok()) {
        s->Fail(st.message());
        failed = true;
        return;
      }
      ++ready;
      st = l->Run(s->stop_);
      if (!st.ok() && !s->stop_) s->Fail(st.message());
    });
  }
  while (ready < links && !failed)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  if (failed) {
    std::string why = swarm->error();
    swarm->Stop();
    return Result<std::unique_ptr<Swarm>>::Error("swarm: " + why);
  }
  return swarm;
}

Swarm::~Swarm() {
  Stop();
}

void Swarm::Stop() {
  stop_ = true;
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  for (auto& l : links_)
    l->Close();
}

std::string Swarm::error() const {
  std::lock_guard lock(mu_);
  return error_;
}

void Swarm::Fail(const std::string& why) {
  std::lock_guard lock(mu_);
  if (error_.empty()) error_ = why;
}

SwarmCounters Swarm::counters() const {
  return {heartbeats_, commands_, results_, rejected_, publish_errors_};
}

ActionSeen Swarm::Seen(Id action_id) const {
  std::lock_guard lock(mu_);
  auto it = seen_.find(action_id);
  return it == seen_.end() ? ActionSeen{} : it->second;
}

void Swarm::RecordCommand(Id action_id) {
  ++commands_;
  const auto now = Clock::now();
  std::lock_guard lock(mu_);
  ActionSeen& s = seen_[action_id];
  if (s.commands++ == 0) s.first_command = now;
  s.last_command = now;
}

void Swarm::RecordResult(Id action_id) {
  ++results_;
  const auto now = Clock::now();
  std::lock_guard lock(mu_);
  ActionSeen& s = seen_[action_id];
  if (s.results++ == 0) s.first_result = now;
  s.last_result = now;
}

}  // namespace mig::bench
