// One suite for every Store implementation. Each backend type provides
// kDialect, NewDatabase(&error) -> where, Open(where), RawExec(where, sql).
// Included by exactly one .cpp per test executable, which instantiates it.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

#include "core/sql_time.h"
#include "core/target/target.h"
#include "core/time.h"
#include "store/migrations.h"
#include "store/store.h"
#include "target_fixture.h"
#include "test_env.h"

namespace mig::store {

template <typename Backend>
class StoreSuite : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    where_ = backend_.NewDatabase(&error);
    ASSERT_FALSE(where_.empty()) << error;
    auto s = Backend::Open(where_);
    ASSERT_TRUE(s.ok()) << s.error();
    store_ = std::move(*s);
  }

  Store& store() { return *store_; }

  static Time T(int64_t seconds_after_base) {
    return Time::FromUnix(1700000000 + seconds_after_base, 123456000);
  }

  static Action NewAction(const std::string& name, Time from, Time to, int ops = 1) {
    Action a;
    a.name = name;
    a.target = "status='online'";
    a.description.author = "Jane";
    a.description.revision = 201503121200;
    a.threat.family = "compliance";
    a.valid_from = from;
    a.expire_after = to;
    std::vector<Operation> list;
    for (int i = 0; i < ops; ++i)
      list.push_back(Operation{"file", Json::parse(R"({"searches":{"s1":{"paths":["/etc"]}}})"),
                               false, false});
    a.operations = list;
    a.pgp_signatures = {"wsBcBAABCAAQBQJ==gvMa"};
    a.syntax_version = 2;
    return a;
  }

  static Heartbeat Hb(const std::string& queueloc, int64_t pid, Time refresh = T(0),
                      const std::string& mode = "daemon", const std::string& os = "linux") {
    Heartbeat hb;
    hb.agent.name = "host-" + queueloc;
    hb.agent.queue_loc = queueloc;
    hb.agent.mode = mode;
    hb.agent.version = "20190101-0.abc.prod";
    hb.agent.pid = pid;
    hb.agent.refresh_time = refresh;
    hb.agent.environment.os = os;
    hb.agent.environment.arch = "amd64";
    hb.agent.environment.addresses = {"10.0.0.5/24"};
    hb.agent.tags = {{"operator", "IT"}};
    return hb;
  }

  // Inserts heartbeats at `now` and returns the agent ids.
  std::vector<Id> Agents(const std::vector<Heartbeat>& hbs, Time now) {
    auto r = store().UpsertHeartbeats(hbs, now, timers_);
    EXPECT_TRUE(r.ok()) << r.error();
    std::vector<Id> ids;
    if (r.ok())
      for (const auto& o : *r)
        ids.push_back(o.agent_id);
    return ids;
  }

  // An inflight action with one command per agent; returns the action id.
  Id InflightAction(const std::vector<Id>& agents, Time from, Time to,
                    std::vector<Command>* out = nullptr) {
    Action a = NewAction("inflight", from, to);
    EXPECT_TRUE(store().InsertAction(a, {}).ok());
    auto claimed = store().ClaimDueActions(from, 1000);
    EXPECT_TRUE(claimed.ok());
    EXPECT_TRUE(store().TransitionAction(a.id, "scheduled", "preparing", from).ok());
    std::vector<Command> cmds;
    for (Id agent : agents) {
      Command c;
      c.action = a;
      c.agent.id = agent;
      c.start_time = from;
      cmds.push_back(c);
    }
    Status s = store().InsertCommands(cmds);
    EXPECT_TRUE(s.ok()) << s.message();
    EXPECT_TRUE(store().TransitionAction(a.id, "preparing", "inflight", from).ok());
    if (out) *out = cmds;
    return a.id;
  }

  Backend backend_;
  std::string where_;
  std::unique_ptr<Store> store_;
  AgentTimers timers_;
};

TYPED_TEST_SUITE_P(StoreSuite);

TYPED_TEST_P(StoreSuite, MigrationsAreIdempotent) {
  auto v = this->store().SchemaVersion();
  ASSERT_TRUE(v.ok()) << v.error();
  EXPECT_EQ(*v, LatestSchemaVersion());
  Action a = this->NewAction("keep me", this->T(0), this->T(600));
  ASSERT_TRUE(this->store().InsertAction(a, {}).ok());
  ASSERT_TRUE(this->store().Migrate().ok());
  auto again = TypeParam::Open(this->where_);  // a second process starting up
  ASSERT_TRUE(again.ok()) << again.error();
  EXPECT_EQ(*(*again)->SchemaVersion(), LatestSchemaVersion());
  auto got = (*again)->GetAction(a.id);
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->name, "keep me");
}

TYPED_TEST_P(StoreSuite, IdsAreUniqueAcrossConnectionsAndBelow2To53) {
  auto other = TypeParam::Open(this->where_);
  ASSERT_TRUE(other.ok()) << other.error();
  std::set<Id> seen;
  for (int i = 0; i < 20; ++i) {
    for (Store* s : {&this->store(), other->get()}) {
      auto first = s->AllocateIds(100);
      ASSERT_TRUE(first.ok()) << first.error();
      for (Id id = *first; id < *first + 100; ++id)
        EXPECT_TRUE(seen.insert(id).second) << id;
    }
  }
  EXPECT_GT(*seen.begin(), int64_t{1} << 16);
  EXPECT_LT(*seen.rbegin(), int64_t{1} << 53);
  EXPECT_FALSE(this->store().AllocateIds(0).ok());
}

TYPED_TEST_P(StoreSuite, ActionRoundTripsWithSignersAndSentinels) {
  Investigator inv;
  inv.name = "Jane";
  inv.status = "active";
  inv.pgp_fingerprint = "ABCDEF0123";
  inv.public_key = "-----BEGIN PGP PUBLIC KEY BLOCK-----";
  auto inv_id = this->store().InsertInvestigator({inv, 63, "", "", ""});
  ASSERT_TRUE(inv_id.ok()) << inv_id.error();
  Action a = this->NewAction("verify root", this->T(0), this->T(300), 2);
  ASSERT_TRUE(this->store().InsertAction(a, {*inv_id}).ok());
  ASSERT_GT(a.id, 0);
  auto got = this->store().GetAction(a.id);
  ASSERT_TRUE(got.ok()) << got.error();
  ASSERT_TRUE(got->has_value());
  const Action& g = **got;
  EXPECT_EQ(g.name, "verify root");
  EXPECT_EQ(g.target, "status='online'");
  EXPECT_EQ(g.status, "pending");
  EXPECT_EQ(g.description.author, "Jane");
  EXPECT_EQ(g.description.revision, 201503121200);
  EXPECT_EQ(g.threat.family, "compliance");
  ASSERT_TRUE(g.operations.has_value());
  ASSERT_EQ(g.operations->size(), 2u);
  EXPECT_EQ((*g.operations)[0].parameters, (*a.operations)[0].parameters);
  EXPECT_EQ(g.pgp_signatures, a.pgp_signatures);
  EXPECT_EQ(g.valid_from.seconds, a.valid_from.seconds);
  EXPECT_EQ(g.valid_from.nanos / 1000, a.valid_from.nanos / 1000);
  EXPECT_EQ(g.start_time, Time::StartSentinel());
  EXPECT_EQ(g.finish_time, Time::FinishSentinel());
  EXPECT_EQ(g.syntax_version, 2);
  ASSERT_EQ(g.investigators.size(), 1u);
  EXPECT_EQ(g.investigators[0].name, "Jane");
  EXPECT_TRUE(g.investigators[0].public_key.empty());
  auto missing = this->store().GetAction(a.id + 1000);
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
}

TYPED_TEST_P(StoreSuite, InsertActionRejectsBadInputAndLeavesNothing) {
  Action a = this->NewAction("", this->T(0), this->T(60));
  EXPECT_FALSE(this->store().InsertAction(a, {}).ok());
  a = this->NewAction("x", this->T(60), this->T(0));
  Status s = this->store().InsertAction(a, {});
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("validfrom"), std::string::npos) << s.message();
  a = this->NewAction("x", this->T(0), this->T(60));
  EXPECT_FALSE(this->store().InsertAction(a, {1, 2}).ok());  // 1 signature, 2 signers
  a = this->NewAction("unknown signer", this->T(0), this->T(60));
  s = this->store().InsertAction(a, {987654});  // no such investigator: FK fails
  EXPECT_FALSE(s.ok());
  auto found = this->store().SearchActions({});
  ASSERT_TRUE(found.ok()) << found.error();
  EXPECT_TRUE(found->empty()) << "a failed insert left an action behind";
}

TYPED_TEST_P(StoreSuite, ActionLifecycleToCompleted) {
  auto agents = this->Agents({this->Hb("linux.a", 10), this->Hb("linux.b", 11)}, this->T(0));
  Action a = this->NewAction("life", this->T(0), this->T(600));
  ASSERT_TRUE(this->store().InsertAction(a, {}).ok());
  auto early = this->store().ClaimDueActions(this->T(-10), 10);
  ASSERT_TRUE(early.ok());
  EXPECT_TRUE(early->empty()) << "claimed before validfrom";
  auto claimed = this->store().ClaimDueActions(this->T(1), 10);
  ASSERT_TRUE(claimed.ok()) << claimed.error();
  ASSERT_EQ(claimed->size(), 1u);
  EXPECT_EQ((*claimed)[0].status, "scheduled");
  EXPECT_TRUE(this->store().ClaimDueActions(this->T(2), 10)->empty()) << "claimed twice";
  Status s = this->store().TransitionAction(a.id, "pending", "preparing", this->T(2));
  EXPECT_FALSE(s.ok());
  ASSERT_TRUE(this->store().TransitionAction(a.id, "scheduled", "preparing", this->T(2)).ok());
  EXPECT_EQ((*this->store().GetAction(a.id))->start_time.seconds, this->T(2).seconds);
  std::vector<Command> cmds;
  for (Id agent : agents) {
    Command c;
    c.action = a;
    c.agent.id = agent;
    c.start_time = this->T(3);
    cmds.push_back(c);
  }
  ASSERT_TRUE(this->store().InsertCommands(cmds).ok());
  ASSERT_TRUE(this->store().TransitionAction(a.id, "preparing", "inflight", this->T(3)).ok());
  std::vector<CommandReturn> back;
  for (const Command& c : cmds)
    back.push_back({c.id,
                    "success",
                    {ModuleResult{true, true, Json{{"f", 1}}, nullptr, {}}},
                    c.agent.id == agents[0] ? "linux.a" : "linux.b",
                    c.agent.id == agents[0] ? 10 : 11,
                    this->T(5)});
  auto first = this->store().UpdateCommandResults({back[0]});
  ASSERT_TRUE(first.ok()) << first.error();
  auto prog = this->store().RecountActions({a.id}, this->T(5));
  ASSERT_TRUE(prog.ok()) << prog.error();
  ASSERT_EQ(prog->size(), 1u);
  EXPECT_FALSE((*prog)[0].completed);
  EXPECT_EQ((*prog)[0].counters.sent, 2);
  EXPECT_EQ((*prog)[0].counters.done, 1);
  EXPECT_EQ((*prog)[0].counters.inflight, 1);
  ASSERT_TRUE(this->store().UpdateCommandResults({back[1]}).ok());
  prog = this->store().RecountActions({a.id, a.id}, this->T(6));
  ASSERT_TRUE(prog.ok());
  ASSERT_EQ(prog->size(), 1u);
  EXPECT_TRUE((*prog)[0].completed);
  auto done = this->store().GetAction(a.id);
  EXPECT_EQ((*done)->status, "completed");
  EXPECT_EQ((*done)->finish_time.seconds, this->T(6).seconds);
  EXPECT_EQ((*done)->counters.success, 2);
}

TYPED_TEST_P(StoreSuite, ExpirePendingActions) {
  Action late = this->NewAction("late", this->T(0), this->T(10));
  Action fresh = this->NewAction("fresh", this->T(0), this->T(1000));
  ASSERT_TRUE(this->store().InsertAction(late, {}).ok());
  ASSERT_TRUE(this->store().InsertAction(fresh, {}).ok());
  auto expired = this->store().ExpirePendingActions(this->T(100));
  ASSERT_TRUE(expired.ok()) << expired.error();
  EXPECT_EQ(*expired, std::vector<Id>{late.id});
  EXPECT_EQ((*this->store().GetAction(late.id))->status, "expired");
  auto claimed = this->store().ClaimDueActions(this->T(100), 10);
  ASSERT_EQ(claimed->size(), 1u);
  EXPECT_EQ((*claimed)[0].id, fresh.id);
}

TYPED_TEST_P(StoreSuite, ClaimIsAtomicAcrossSchedulers) {
  std::set<Id> all;
  for (int i = 0; i < 120; ++i) {
    Action a = this->NewAction("a" + std::to_string(i), this->T(0), this->T(600));
    ASSERT_TRUE(this->store().InsertAction(a, {}).ok());
    all.insert(a.id);
  }
  std::vector<std::unique_ptr<Store>> stores;
  for (int i = 0; i < 3; ++i) {
    auto s = TypeParam::Open(this->where_);
    ASSERT_TRUE(s.ok()) << s.error();
    stores.push_back(std::move(*s));
  }
  std::vector<std::vector<Id>> got(stores.size());
  std::atomic<bool> failed{false};
  std::vector<std::thread> threads;
  for (size_t t = 0; t < stores.size(); ++t) {
    threads.emplace_back([&, t] {
      for (;;) {
        auto c = stores[t]->ClaimDueActions(this->T(1), 7);
        if (!c.ok()) {
          failed = true;
          return;
        }
        if (c->empty()) return;
        for (const Action& a : *c)
          got[t].push_back(a.id);
      }
    });
  }
  for (auto& th : threads)
    th.join();
  ASSERT_FALSE(failed.load());
  std::multiset<Id> claimed;
  for (const auto& v : got)
    claimed.insert(v.begin(), v.end());
  EXPECT_EQ(claimed.size(), all.size()) << "some action claimed twice or never";
  EXPECT_EQ(std::set<Id>(claimed.begin(), claimed.end()), all);
}

TYPED_TEST_P(StoreSuite, BulkInsertOfTenThousandCommands) {
  std::vector<Heartbeat> hbs;
  for (int i = 0; i < 50; ++i)
    hbs.push_back(this->Hb("linux.q" + std::to_string(i), 100 + i));
  auto agents = this->Agents(hbs, this->T(0));
  ASSERT_EQ(agents.size(), 50u);
  std::vector<Id> targets;
  for (int i = 0; i < 10000; ++i)
    targets.push_back(agents[i % agents.size()]);
  std::vector<Command> cmds;
  Id action = this->InflightAction(targets, this->T(0), this->T(600), &cmds);
  ASSERT_EQ(cmds.size(), 10000u);
  std::set<Id> ids;
  for (const Command& c : cmds) {
    ids.insert(c.id);
    EXPECT_EQ(c.status, "sent");
    EXPECT_EQ(c.results.size(), 1u);
  }
  EXPECT_EQ(ids.size(), 10000u);
  auto a = this->store().GetAction(action);
  ASSERT_TRUE(a.ok()) << a.error();
  EXPECT_EQ((*a)->counters.sent, 10000);
  EXPECT_EQ((*a)->counters.inflight, 10000);
  auto one = this->store().GetCommand(cmds[1234].id);
  ASSERT_TRUE(one.ok()) << one.error();
  ASSERT_TRUE(one->has_value());
  EXPECT_EQ((*one)->action.id, action);
  EXPECT_EQ((*one)->agent.id, cmds[1234].agent.id);
  EXPECT_EQ((*one)->finish_time, Time::FinishSentinel());
  ASSERT_EQ((*one)->results.size(), 1u);
  EXPECT_FALSE((*one)->results[0].found_anything);
}

TYPED_TEST_P(StoreSuite, CommandBatchWithUnknownAgentInsertsNothing) {
  auto agents = this->Agents({this->Hb("linux.a", 1)}, this->T(0));
  Action a = this->NewAction("x", this->T(0), this->T(60));
  ASSERT_TRUE(this->store().InsertAction(a, {}).ok());
  std::vector<Command> cmds(3);
  for (auto& c : cmds) {
    c.action = a;
    c.agent.id = agents[0];
  }
  cmds[2].agent.id = 424242;  // no such agent
  EXPECT_FALSE(this->store().InsertCommands(cmds).ok());
  EXPECT_EQ((*this->store().GetAction(a.id))->counters.sent, 0);
  std::vector<Command> no_ids(1);
  EXPECT_FALSE(this->store().InsertCommands(no_ids).ok());
}

TYPED_TEST_P(StoreSuite, ResultUpdatesFollowAcceptanceRules) {
  auto agents = this->Agents({this->Hb("linux.a", 10), this->Hb("linux.b", 20)}, this->T(0));
  std::vector<Command> cmds;
  Id action = this->InflightAction(agents, this->T(0), this->T(600), &cmds);
  const Id ca = cmds[0].id, cb = cmds[1].id;
  ModuleResult found{true, true, Json{{"file", "/etc/shadow"}}, Json{{"n", 1}}, {}};
  auto out = this->store().UpdateCommandResults({
      {ca, "success", {found}, "linux.a", 10, this->T(5)},
      {cb, "success", {found}, "linux.b", 99, this->T(5)},  // wrong pid
      {cb, "success", {found}, "linux.a", 10, this->T(5)},  // another agent's command
      {ca + cb + 77, "success", {found}, "linux.a", 10, this->T(5)},
      {cb, "done", {found}, "linux.b", 20, this->T(5)},  // not a status
      {ca, "failed", {}, "linux.a", 10, this->T(6)},     // already success
  });
  ASSERT_TRUE(out.ok()) << out.error();
  ASSERT_EQ(out->size(), 6u);
  EXPECT_EQ((*out)[0].result, ReturnResult::kAccepted);
  EXPECT_EQ((*out)[0].action_id, action);
  EXPECT_EQ((*out)[1].result, ReturnResult::kAgentMismatch);
  EXPECT_EQ((*out)[2].result, ReturnResult::kAgentMismatch);
  EXPECT_EQ((*out)[3].result, ReturnResult::kUnknownCommand);
  EXPECT_EQ((*out)[4].result, ReturnResult::kInvalidStatus);
  EXPECT_EQ((*out)[5].result, ReturnResult::kAlreadySucceeded);
  auto c = this->store().GetCommand(ca);
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_EQ((*c)->status, "success");
  ASSERT_EQ((*c)->results.size(), 1u);
  EXPECT_TRUE((*c)->results[0].found_anything);
  EXPECT_EQ((*c)->results[0].elements, found.elements);
  EXPECT_EQ((*c)->finish_time.seconds, this->T(5).seconds);
  // Expired first, then a late success still lands (protocol.md 8.2).
  auto touched = this->store().ExpireInflightCommands(this->T(601));
  ASSERT_TRUE(touched.ok()) << touched.error();
  EXPECT_EQ(*touched, std::vector<Id>{action});
  EXPECT_EQ((*this->store().GetCommand(cb))->status, "expired");
  auto late =
      this->store().UpdateCommandResults({{cb, "success", {}, "linux.b", 20, this->T(602)}});
  EXPECT_EQ((*late)[0].result, ReturnResult::kAccepted);
  auto prog = this->store().RecountActions(*touched, this->T(603));
  ASSERT_TRUE(prog.ok());
  EXPECT_TRUE((*prog)[0].completed);
  EXPECT_EQ((*prog)[0].counters.success, 2);
}

TYPED_TEST_P(StoreSuite, ExpiryCompletesEvenWhenAgentsAreGone) {
  auto agents = this->Agents({this->Hb("linux.a", 10)}, this->T(0));
  Id action = this->InflightAction(agents, this->T(0), this->T(60));
  ASSERT_TRUE(this->store().MarkIdleAndOffline(this->T(100000), this->timers_).ok());
  ASSERT_TRUE(this->store().MarkIdleAndOffline(this->T(100000), this->timers_).ok());
  EXPECT_EQ((*this->store().GetAgent(agents[0]))->status, "offline");
  auto touched = this->store().ExpireInflightCommands(this->T(100000));
  ASSERT_TRUE(touched.ok());
  auto prog = this->store().RecountActions(*touched, this->T(100000));
  ASSERT_TRUE(prog.ok());
  ASSERT_EQ(prog->size(), 1u);
  EXPECT_TRUE((*prog)[0].completed);
  EXPECT_EQ((*prog)[0].counters.expired, 1);
  EXPECT_EQ((*this->store().GetAction(action))->status, "completed");
}

TYPED_TEST_P(StoreSuite, NulInResultsIsCleanedAlike) {
  auto agents = this->Agents({this->Hb("linux.a", 10)}, this->T(0));
  std::vector<Command> cmds;
  this->InflightAction(agents, this->T(0), this->T(600), &cmds);
  ModuleResult r{true, true, Json{{"line", std::string("a\0b", 3)}}, nullptr, {}};
  auto out =
      this->store().UpdateCommandResults({{cmds[0].id, "success", {r}, "linux.a", 10, this->T(1)}});
  ASSERT_TRUE(out.ok()) << out.error();
  EXPECT_EQ((*out)[0].result, ReturnResult::kAccepted);
  auto c = this->store().GetCommand(cmds[0].id);
  ASSERT_TRUE(c.ok()) << c.error();
  const std::string line = (*c)->results[0].elements["line"].template get<std::string>();
  // Both stores alike (PostgreSQL's jsonb cannot hold U+0000).
  EXPECT_EQ(line,
            "a\xE2\x90\x80"
            "b");  // U+2400, not MIG's "NULL"
}

// Finding 4: text PostgreSQL cannot store, in a heartbeat or a result, is
// cleaned (JSON columns) or refused (text columns) the same way on both
// stores, one item at a time: the rest of the batch is stored.
TYPED_TEST_P(StoreSuite, TextNoColumnCanHoldIsHandledAlike) {
  auto& s = this->store();
  const std::string nul("x\0y", 3);
  Heartbeat json_nul = this->Hb("linux.jsonnul", 1);
  json_nul.agent.tags["role"] = nul;
  json_nul.agent.environment.ident = nul;
  Heartbeat name_nul = this->Hb("linux.namenul", 2);
  name_nul.agent.name = nul;
  Heartbeat loc_nul = this->Hb(nul, 3);
  Heartbeat bad_utf8 = this->Hb("linux.utf8", 4);
  bad_utf8.agent.version = "1.\xff";
  Heartbeat future = this->Hb("linux.future", 5, this->T(0).AddSeconds(366 * 24 * 3600));
  Heartbeat good = this->Hb("linux.good", 6);
  auto r = s.UpsertHeartbeats({json_nul, name_nul, loc_nul, bad_utf8, future, good}, this->T(0),
                              this->timers_);
  ASSERT_TRUE(r.ok()) << r.error();
  ASSERT_EQ(r->size(), 6u);
  EXPECT_EQ((*r)[0].result, HeartbeatResult::kInserted);
  for (size_t i : {1, 2, 3}) {
    EXPECT_EQ((*r)[i].result, HeartbeatResult::kRejected) << i;
    EXPECT_NE((*r)[i].error.find(i == 3 ? "invalid UTF-8" : "NUL"), std::string::npos)
        << (*r)[i].error;
  }
  EXPECT_EQ((*r)[4].result, HeartbeatResult::kRejected) << "a refresh time a year ahead";
  EXPECT_NE((*r)[4].error.find("ahead"), std::string::npos) << (*r)[4].error;
  EXPECT_EQ((*r)[5].result, HeartbeatResult::kInserted);
  auto stored = s.GetAgent((*r)[0].agent_id);
  ASSERT_TRUE(stored.ok() && stored->has_value()) << stored.error();
  const std::string cleaned = "x\xE2\x90\x80y";  // U+2400
  EXPECT_EQ((*stored)->tags.at("role"), cleaned);
  EXPECT_EQ((*stored)->environment.ident, cleaned);
  // The same cleaning on a refresh (an update, not an insert).
  json_nul.agent.tags["role"] = nul + nul;
  r = s.UpsertHeartbeats({json_nul}, this->T(60), this->timers_);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ((*r)[0].result, HeartbeatResult::kUpdated);
  EXPECT_EQ((*s.GetAgent((*r)[0].agent_id))->tags.at("role"), cleaned + cleaned);

  // Results: a queueloc with a NUL names no agent; the others land.
  std::vector<Command> cmds;
  this->InflightAction({(*r)[0].agent_id}, this->T(0), this->T(600), &cmds);
  ModuleResult found{true, true, Json{{"k", nul}}, nullptr, {}};
  auto out =
      s.UpdateCommandResults({{cmds[0].id, "success", {found}, nul, 1, this->T(1)},
                              {cmds[0].id, "success", {found}, "linux.jsonnul", 1, this->T(1)}});
  ASSERT_TRUE(out.ok()) << out.error();
  EXPECT_EQ((*out)[0].result, ReturnResult::kAgentMismatch);
  EXPECT_EQ((*out)[1].result, ReturnResult::kAccepted);
  EXPECT_EQ((*s.GetCommand(cmds[0].id))->results[0].elements["k"].template get<std::string>(),
            cleaned);

  // Anything else refused as data says so (Status::is_data_error), on both
  // stores: the scheduler drops such a message instead of retrying it.
  InvestigatorRecord inv;
  inv.info.name = nul;
  inv.info.status = "active";
  inv.info.pgp_fingerprint = "F00D";
  inv.info.created_at = inv.info.last_modified = this->T(0);
  auto id = s.InsertInvestigator(inv);
  ASSERT_FALSE(id.ok());
  EXPECT_TRUE(id.status().is_data_error()) << id.error();
}

// Finding 10: the result of an agent marked offline (it answers before its
// next heartbeat) is taken; one from another queue still is not.
TYPED_TEST_P(StoreSuite, ResultOfAnAgentMarkedOfflineIsAccepted) {
  auto& s = this->store();
  auto agents = this->Agents({this->Hb("linux.a", 10), this->Hb("linux.b", 20)}, this->T(0));
  std::vector<Command> cmds;
  this->InflightAction(agents, this->T(0), this->T(100000), &cmds);
  ASSERT_TRUE(s.MarkIdleAndOffline(this->T(5000), this->timers_).ok());  // idle
  ASSERT_TRUE(s.MarkIdleAndOffline(this->T(5000), this->timers_).ok());  // offline
  ASSERT_EQ((*s.GetAgent(agents[0]))->status, "offline");
  ModuleResult found{true, true, Json{{"f", 1}}, nullptr, {}};
  auto out =
      s.UpdateCommandResults({{cmds[0].id, "success", {found}, "linux.a", 10, this->T(5001)},
                              {cmds[1].id, "success", {found}, "linux.a", 10, this->T(5001)},
                              {cmds[1].id, "success", {found}, "linux.b", 99, this->T(5001)}});
  ASSERT_TRUE(out.ok()) << out.error();
  EXPECT_EQ((*out)[0].result, ReturnResult::kAccepted);
  EXPECT_EQ((*out)[1].result, ReturnResult::kAgentMismatch) << "another agent's command";
  EXPECT_EQ((*out)[2].result, ReturnResult::kAgentMismatch) << "a pid that never heartbeated";
  EXPECT_EQ((*s.GetCommand(cmds[0].id))->status, "success");
}

// A LIKE pattern means the same on both stores: backslash escapes % and _.
TYPED_TEST_P(StoreSuite, SearchPatternsEscapeAlike) {
  auto& s = this->store();
  Heartbeat a = this->Hb("linux.a", 1), b = this->Hb("linux.b", 2);
  a.agent.name = "web_1";
  b.agent.name = "webx1";
  this->Agents({a, b}, this->T(0));
  AgentQuery q;
  q.name_like = "web\\_1";
  auto found = s.SearchAgents(q);
  ASSERT_TRUE(found.ok()) << found.error();
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].name, "web_1");
  q.name_like = "web_1";
  EXPECT_EQ(s.SearchAgents(q)->size(), 2u);
}

TYPED_TEST_P(StoreSuite, HeartbeatUpsertRules) {
  auto& s = this->store();
  auto r = s.UpsertHeartbeats({this->Hb("linux.a", 10, this->T(0))}, this->T(0), this->timers_);
  ASSERT_TRUE(r.ok()) << r.error();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].result, HeartbeatResult::kInserted);
  const Id first = (*r)[0].agent_id;
  auto agent = s.GetAgent(first);
  ASSERT_TRUE(agent.ok() && agent->has_value()) << agent.error();
  EXPECT_EQ((*agent)->status, "online");
  EXPECT_EQ((*agent)->environment.os, "linux");
  EXPECT_EQ((*agent)->tags.at("operator"), "IT");
  EXPECT_EQ((*agent)->destruction_time, Time::FinishSentinel());

  // Same process, environment changed without a refresh bump: updated in place.
  Heartbeat hb = this->Hb("linux.a", 10, this->T(10));
  hb.agent.tags["operator"] = "Sec";
  r = s.UpsertHeartbeats({hb}, this->T(300), this->timers_);
  EXPECT_EQ((*r)[0].result, HeartbeatResult::kUpdated);
  EXPECT_EQ((*r)[0].agent_id, first);
  agent = s.GetAgent(first);
  EXPECT_EQ((*agent)->heartbeat_time.seconds, this->T(300).seconds);
  EXPECT_EQ((*agent)->tags.at("operator"), "Sec") << "tags must be refreshed (MIG weakness)";

  // refreshts more than 15 s newer: old row offline, new row.
  r = s.UpsertHeartbeats({this->Hb("linux.a", 10, this->T(100))}, this->T(600), this->timers_);
  EXPECT_EQ((*r)[0].result, HeartbeatResult::kReplaced);
  const Id second = (*r)[0].agent_id;
  EXPECT_NE(second, first);
  EXPECT_EQ((*s.GetAgent(first))->status, "offline");
  EXPECT_EQ((*s.GetAgent(second))->status, "online");

  // destroyed survives a heartbeat.
  ASSERT_TRUE(s.MarkAgentDestroyed(second, this->T(700)).ok());
  r = s.UpsertHeartbeats({this->Hb("linux.a", 10, this->T(100))}, this->T(900), this->timers_);
  EXPECT_EQ((*r)[0].result, HeartbeatResult::kDestroyedAlive);
  agent = s.GetAgent(second);
  EXPECT_EQ((*agent)->status, "destroyed");
  EXPECT_EQ((*agent)->destruction_time.seconds, this->T(700).seconds);
  EXPECT_EQ((*agent)->heartbeat_time.seconds, this->T(900).seconds);
  EXPECT_FALSE(s.MarkAgentDestroyed(987654321, this->T(0)).ok());

  // Invalid heartbeats are rejected one by one, the rest of the batch lands.
  Heartbeat bad_mode = this->Hb("linux.b", 5);
  bad_mode.agent.mode = "weird";
  Heartbeat no_pid = this->Hb("linux.c", 0);
  Heartbeat long_name = this->Hb("linux.d", 5);
  long_name.agent.name = std::string(1025, 'n');
  r = s.UpsertHeartbeats({bad_mode, no_pid, long_name, this->Hb("linux.e", 5)}, this->T(900),
                         this->timers_);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[0].result, HeartbeatResult::kRejected);
  EXPECT_NE((*r)[0].error.find("mode"), std::string::npos);
  EXPECT_EQ((*r)[1].result, HeartbeatResult::kRejected);
  EXPECT_EQ((*r)[2].result, HeartbeatResult::kRejected);
  EXPECT_EQ((*r)[3].result, HeartbeatResult::kInserted);
}

TYPED_TEST_P(StoreSuite, StatusSweepsFollowTimers) {
  auto& s = this->store();
  AgentTimers t;  // 300 s heartbeats, 1200 s timeout
  auto ids = this->Agents({this->Hb("linux.a", 1), this->Hb("linux.b", 2)}, this->T(0));
  this->Agents({this->Hb("linux.b", 2)}, this->T(1400));  // b keeps heartbeating
  auto n = s.MarkIdleAndOffline(this->T(1501), t);        // a silent 1501 s > 5 x 300
  ASSERT_TRUE(n.ok()) << n.error();
  EXPECT_EQ(n->offline, 0) << "an online agent must pass through idle first";
  EXPECT_EQ(n->idle, 1);
  EXPECT_EQ((*s.GetAgent(ids[0]))->status, "idle");
  EXPECT_EQ((*s.GetAgent(ids[1]))->status, "online");
  n = s.MarkIdleAndOffline(this->T(1600), t);
  EXPECT_EQ(n->offline, 1);
  EXPECT_EQ((*s.GetAgent(ids[0]))->status, "offline");
  // An offline row is never revived: the same process gets a new row.
  auto r = s.UpsertHeartbeats({this->Hb("linux.a", 1)}, this->T(1700), t);
  EXPECT_EQ((*r)[0].result, HeartbeatResult::kInserted);
  EXPECT_NE((*r)[0].agent_id, ids[0]);
}

// Issue 14: MIG's agents heartbeat every 300 s; a scheduler set for agents
// that heartbeat every 10 s must not take them offline between heartbeats.
TYPED_TEST_P(StoreSuite, StatusFollowsEachAgentsDeclaredInterval) {
  auto& s = this->store();
  AgentTimers t;
  t.heartbeat_freq_seconds = 10;
  t.agent_timeout_seconds = 60;
  Heartbeat mig = this->Hb("linux.mig", 1);
  mig.interval_seconds = 300;
  Heartbeat ours = this->Hb("linux.ours", 2);
  ours.interval_seconds = 10;
  Heartbeat unknown = this->Hb("linux.unknown", 3);  // no declaration: the timers' 10 s
  auto r = s.UpsertHeartbeats({mig, ours, unknown}, this->T(0), t);
  ASSERT_TRUE(r.ok()) << r.error();
  const Id mig_id = (*r)[0].agent_id, ours_id = (*r)[1].agent_id, unknown_id = (*r)[2].agent_id;
  auto status = [&](Id id) { return (*s.GetAgent(id))->status; };

  ASSERT_TRUE(s.MarkIdleAndOffline(this->T(51), t).ok());  // 5 x 10 s of silence
  EXPECT_EQ(status(ours_id), "idle");
  EXPECT_EQ(status(unknown_id), "idle");
  EXPECT_EQ(status(mig_id), "online") << "a 300 s agent is not idle after 51 s";
  ASSERT_TRUE(s.MarkIdleAndOffline(this->T(299), t).ok());
  EXPECT_EQ(status(ours_id), "offline");
  EXPECT_EQ(status(mig_id), "online") << "not offline between two of its heartbeats";

  // Its next heartbeat, on time, keeps it online; then five silent intervals.
  r = s.UpsertHeartbeats({mig}, this->T(300), t);
  ASSERT_TRUE(r.ok()) << r.error();
  ASSERT_TRUE(s.MarkIdleAndOffline(this->T(300 + 1499), t).ok());
  EXPECT_EQ(status(mig_id), "online");
  ASSERT_TRUE(s.MarkIdleAndOffline(this->T(300 + 1501), t).ok());
  EXPECT_EQ(status(mig_id), "idle");
  // Offline after the timeout scaled to its interval: 60 s x 300 / 10.
  ASSERT_TRUE(s.MarkIdleAndOffline(this->T(300 + 1799), t).ok());
  EXPECT_EQ(status(mig_id), "idle");
  ASSERT_TRUE(s.MarkIdleAndOffline(this->T(300 + 1801), t).ok());
  EXPECT_EQ(status(mig_id), "offline");
}

TYPED_TEST_P(StoreSuite, FindsDuplicateAgents) {
  auto& s = this->store();
  this->Agents({this->Hb("linux.dup", 1), this->Hb("linux.dup", 2), this->Hb("linux.one", 3),
                this->Hb("linux.chk", 4), this->Hb("linux.chk", 5, this->T(0), "checkin")},
               this->T(0));
  auto d = s.FindDuplicateAgents(this->T(60), this->timers_);
  ASSERT_TRUE(d.ok()) << d.error();
  ASSERT_EQ(d->size(), 1u);
  EXPECT_EQ((*d)[0].queue_loc, "linux.dup");
  EXPECT_EQ((*d)[0].agents.size(), 2u);
  d = s.FindDuplicateAgents(this->T(1000), this->timers_);  // nobody heartbeat recently
  EXPECT_TRUE(d->empty());
}

TYPED_TEST_P(StoreSuite, CancelAction) {
  auto agents = this->Agents({this->Hb("linux.a", 10), this->Hb("linux.b", 20)}, this->T(0));
  std::vector<Command> cmds;
  Id action = this->InflightAction(agents, this->T(0), this->T(600), &cmds);
  ASSERT_TRUE(this->store()
                  .UpdateCommandResults({{cmds[0].id, "success", {}, "linux.a", 10, this->T(1)}})
                  .ok());
  ASSERT_TRUE(this->store().CancelAction(action, this->T(2)).ok());
  auto a = this->store().GetAction(action);
  EXPECT_EQ((*a)->status, "cancelled");
  EXPECT_EQ((*a)->counters.cancelled, 1);
  EXPECT_EQ((*a)->counters.success, 1);
  EXPECT_EQ((*a)->counters.done, 2);
  Status again = this->store().CancelAction(action, this->T(3));
  EXPECT_FALSE(again.ok());
  EXPECT_NE(again.message().find("already cancelled"), std::string::npos) << again.message();
  EXPECT_FALSE(this->store().CancelAction(action + 999, this->T(3)).ok());
}

TYPED_TEST_P(StoreSuite, ResolvesHandWrittenTargetFragment) {
  auto& s = this->store();
  this->Agents({this->Hb("linux.a", 1), this->Hb("linux.a", 2), this->Hb("linux.b", 3),
                this->Hb("darwin.c", 4, this->T(0), "daemon", "darwin")},
               this->T(0));
  this->Agents({this->Hb("linux.a", 2)}, this->T(100));  // freshest row of linux.a
  Heartbeat off = this->Hb("linux.off", 9);
  this->Agents({off}, this->T(-5000));
  ASSERT_TRUE(s.MarkIdleAndOffline(this->T(0), this->timers_).ok());
  ASSERT_TRUE(s.MarkIdleAndOffline(this->T(0), this->timers_).ok());
  SqlFragment f;
  const bool pg = TypeParam::kDialect == SqlDialect::kPostgres;
  f.sql = pg ? "agents.environment->>'os' = $1 AND tags->>'operator' = $2"
             : "agents.environment->>'os' = ?1 AND tags->>'operator' = ?2";
  f.params = {std::string("linux"), std::string("IT")};
  auto agents = s.ResolveTarget(f);
  ASSERT_TRUE(agents.ok()) << agents.error();
  ASSERT_EQ(agents->size(), 2u);  // one per queueloc, offline excluded
  auto count = s.CountTarget(f);
  ASSERT_TRUE(count.ok()) << count.error();
  EXPECT_EQ(*count, 2);  // the same rule, counted by the database
  EXPECT_EQ((*agents)[0].queue_loc, "linux.a");
  EXPECT_EQ((*agents)[0].pid, 2);
  EXPECT_EQ((*agents)[1].queue_loc, "linux.b");
  // Integer and boolean params bind with their types.
  f.sql = pg ? "pid >= $1 AND $2" : "pid >= ?1 AND ?2";
  f.params = {int64_t{3}, true};
  agents = s.ResolveTarget(f);
  ASSERT_TRUE(agents.ok()) << agents.error();
  EXPECT_EQ(agents->size(), 2u);
  // User text in a param is data, not SQL.
  f.sql = pg ? "name = $1" : "name = ?1";
  f.params = {std::string("x' OR '1'='1")};
  agents = s.ResolveTarget(f);
  ASSERT_TRUE(agents.ok()) << agents.error();
  EXPECT_TRUE(agents->empty());
}

TYPED_TEST_P(StoreSuite, ResolvesCompiledTargets) {
  auto& s = this->store();
  auto ids = this->Agents({this->Hb("linux.a", 1), this->Hb("linux.b", 2),
                           this->Hb("darwin.c", 3, this->T(0), "checkin", "darwin")},
                          this->T(0));
  std::vector<Command> cmds;
  Id action = this->InflightAction({ids[0], ids[1]}, this->T(0), this->T(600), &cmds);
  ModuleResult yes{true, true, nullptr, nullptr, {}}, no{false, true, nullptr, nullptr, {}};
  ASSERT_TRUE(s.UpdateCommandResults({{cmds[0].id, "success", {yes}, "linux.a", 1, this->T(1)},
                                      {cmds[1].id, "success", {no}, "linux.b", 2, this->T(1)}})
                  .ok());
  auto names = [&](const std::string& target) {
    std::vector<std::string> out;
    auto expr = ParseTarget(target);
    EXPECT_TRUE(expr.ok()) << target << ": " << expr.error();
    if (!expr.ok()) return out;
    auto frag = CompileTarget(*expr, TypeParam::kDialect, 1);
    EXPECT_TRUE(frag.ok()) << target << ": " << frag.error();
    if (!frag.ok()) return out;
    auto agents = s.ResolveTarget(*frag);
    EXPECT_TRUE(agents.ok()) << target << " -> " << frag->sql << ": " << agents.error();
    if (agents.ok())
      for (const Agent& a : *agents)
        out.push_back(a.queue_loc);
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(names("status='online'"), (V{"darwin.c", "linux.a", "linux.b"}));
  EXPECT_EQ(names("queueloc LIKE 'linux.%'"), (V{"linux.a", "linux.b"}));
  EXPECT_EQ(names("environment->>'os' IN ('darwin') AND mode='checkin'"), (V{"darwin.c"}));
  EXPECT_EQ(names("agents.queueloc like 'linux.%' AND tags->>'operator'='IT'"),
            (V{"linux.a", "linux.b"}));
  EXPECT_EQ(names("tags#>>'{operator}'='nobody'"), V{});
  EXPECT_EQ(names("heartbeattime > NOW() - interval '1 minute'"), V{}) << "heartbeats are old";
  EXPECT_EQ(names("heartbeattime < NOW()"), (V{"darwin.c", "linux.a", "linux.b"}));
  EXPECT_EQ(names(WithTargetFound(action, true, "status='online'")), V{"linux.a"});
  EXPECT_EQ(names(WithTargetFound(action, false, "status='online'")), V{"linux.b"});
}

// Every case of the shared target fixture, compiled for this store's
// dialect and resolved by the store itself: on PostgreSQL this runs the
// PostgreSQL forms (ILIKE, jsonb chains, intervals) against real rows. The
// store resolves online and idle agents only.
TYPED_TEST_P(StoreSuite, CompiledTargetsSelectTheFixtureRows) {
  const bool pg = TypeParam::kDialect == SqlDialect::kPostgres;
  auto time_sql = [&](const Time& t) {
    return "'" + (pg ? FormatTime(t) : FormatSqliteTime(t)) + "'";
  };
  auto text_sql = [](const char* v) {
    if (v == nullptr) return std::string("NULL");
    std::string out = "'";
    for (const char* c = v; *c; ++c)
      out += *c == '\'' ? std::string("''") : std::string(1, *c);
    return out + "'";
  };
  const Time now = Time::Now();
  std::string sql;
  std::set<int64_t> resolvable;
  for (const test::TargetFixtureAgent& a : test::TargetFixtureAgents(now)) {
    sql +=
        "INSERT INTO agents (id, name, queueloc, mode, version, pid, starttime, "
        "destructiontime, heartbeattime, refreshtime, status, environment, tags, loadername) "
        "VALUES (" +
        std::to_string(a.id) + ", " + text_sql(a.name) + ", " + text_sql(a.queueloc) + ", " +
        text_sql(a.mode) + ", 'v1', " + std::to_string(a.pid) + ", " + time_sql(a.heartbeat) +
        ", " + time_sql(Time::FinishSentinel()) + ", " + time_sql(a.heartbeat) + ", " +
        time_sql(a.heartbeat) + ", " + text_sql(a.status) + ", " + text_sql(a.environment) + ", " +
        text_sql(a.tags) + ", " + text_sql(a.loadername) + ");\n";
    if (std::string(a.status) == "online" || std::string(a.status) == "idle")
      resolvable.insert(a.id);
  }
  for (int64_t action : {12345, 999})
    sql +=
        "INSERT INTO actions (id, name, target, validfrom, expireafter, status, "
        "pgpsignatures) VALUES (" +
        std::to_string(action) + ", 'fixture', 'true', " + time_sql(now) + ", " +
        time_sql(now.AddSeconds(600)) + ", 'inflight', '[]');\n";
  for (const test::TargetFixtureCommand& c : test::TargetFixtureCommands())
    sql += "INSERT INTO commands (id, actionid, agentid, status, results, starttime) VALUES (" +
           std::to_string(c.id) + ", " + std::to_string(c.action_id) + ", " +
           std::to_string(c.agent_id) + ", 'success', " + text_sql(c.results) + ", " +
           time_sql(now) + ");\n";
  Status inserted = TypeParam::RawExec(this->where_, sql);
  ASSERT_TRUE(inserted.ok()) << inserted.message() << "\n" << sql;

  for (const test::TargetCase& c : test::TargetFixtureCases()) {
    auto expr = ParseTarget(c.target);
    ASSERT_TRUE(expr.ok()) << c.target << ": " << expr.error();
    auto frag = CompileTarget(*expr, TypeParam::kDialect, 1);
    ASSERT_TRUE(frag.ok()) << c.target << ": " << frag.error();
    auto agents = this->store().ResolveTarget(*frag);
    ASSERT_TRUE(agents.ok()) << c.target << " -> " << frag->sql << ": " << agents.error();
    std::set<int64_t> got, want;
    for (const Agent& a : *agents)
      got.insert(static_cast<int64_t>(a.id));
    for (int64_t id : c.ids)
      if (resolvable.count(id)) want.insert(id);
    EXPECT_EQ(got, want) << c.target << " -> " << frag->sql;
    auto count = this->store().CountTarget(*frag);
    ASSERT_TRUE(count.ok()) << c.target << ": " << count.error();
    EXPECT_EQ(*count, static_cast<int64_t>(agents->size())) << c.target;
  }
}

TYPED_TEST_P(StoreSuite, RefusesBadFragments) {
  auto& s = this->store();
  this->Agents({this->Hb("linux.a", 1)}, this->T(0));
  const bool pg = TypeParam::kDialect == SqlDialect::kPostgres;
  const std::string p1 = pg ? "$1" : "?1";
  const std::string other = pg ? "?1" : "$1";
  struct Case {
    SqlFragment f;
    const char* why;
  };
  std::vector<Case> cases = {
      {{"", {}}, "empty"},
      {{"   ", {}}, "blank"},
      {{"name = " + p1, {}}, "placeholder without param"},
      {{"name = " + p1, {std::string("a"), std::string("b")}}, "unused param"},
      {{"name = " + other, {std::string("a")}}, "other dialect's placeholders"},
      {{"1=1; DELETE FROM agents", {}}, "second statement"},
      {{"1=1) OR (1=1 --", {}}, "comment"},
      {{"name = 'a' /* x */", {}}, "block comment"},
      {{"no_such_column = " + p1, {std::string("a")}}, "unknown column"},
      {{"name = = " + p1, {std::string("a")}}, "syntax error"},
  };
  for (const Case& c : cases) {
    EXPECT_FALSE(s.CountTarget(c.f).ok()) << c.why;
    auto r = s.ResolveTarget(c.f);
    EXPECT_FALSE(r.ok()) << c.why;
    if (!r.ok()) {
      EXPECT_FALSE(r.error().empty()) << c.why;
    }
  }
  // The store still works after the errors.
  auto all = s.ResolveTarget({pg ? "$1" : "?1", {true}});
  ASSERT_TRUE(all.ok()) << all.error();
  EXPECT_EQ(all->size(), 1u);
}

TYPED_TEST_P(StoreSuite, InvalidStoredJsonIsAnErrorNotACrash) {
  auto ids = this->Agents({this->Hb("linux.a", 1)}, this->T(0));
  const std::string id = std::to_string(ids[0]);
  Status raw = TypeParam::RawExec(this->where_,
                                  "UPDATE agents SET environment = '{not json' WHERE id = " + id);
  if (TypeParam::kDialect == SqlDialect::kPostgres) {
    // jsonb refuses it at the door; the reader is tested below.
    ASSERT_FALSE(raw.ok());
    EXPECT_NE(raw.message().find("json"), std::string::npos) << raw.message();
  } else {
    ASSERT_TRUE(raw.ok()) << raw.message();
    auto a = this->store().GetAgent(ids[0]);
    ASSERT_FALSE(a.ok());
    EXPECT_NE(a.error().find("stored environment is not valid JSON"), std::string::npos)
        << a.error();
  }
  // Valid JSON of the wrong shape, which both databases take.
  raw = TypeParam::RawExec(this->where_,
                           "UPDATE agents SET environment = '{\"addresses\": 5}' WHERE id = " + id);
  ASSERT_TRUE(raw.ok()) << raw.message();
  auto a = this->store().GetAgent(ids[0]);
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.error().find("stored environment has an unexpected shape"), std::string::npos)
      << a.error();
}

TYPED_TEST_P(StoreSuite, Investigators) {
  auto& s = this->store();
  InvestigatorRecord r;
  r.info.name = "kirk";
  r.info.status = "active";
  r.info.pgp_fingerprint = "ABCDEF0123456789";
  r.info.public_key = "armored";
  r.info.created_at = this->T(0);
  r.info.last_modified = this->T(0);
  r.permission_mask = 63;
  auto id = s.InsertInvestigator(r);
  ASSERT_TRUE(id.ok()) << id.error();
  auto dup = s.InsertInvestigator(r);
  EXPECT_FALSE(dup.ok()) << "duplicate fingerprint accepted";
  EXPECT_TRUE(dup.status().is_data_error()) << "a unique violation is about the data";
  InvestigatorRecord bad = r;
  bad.info.pgp_fingerprint = "OTHER";
  bad.info.status = "sleeping";
  EXPECT_FALSE(s.InsertInvestigator(bad).ok());
  bad.info.status = "active";
  bad.info.name = "";
  EXPECT_FALSE(s.InsertInvestigator(bad).ok());

  auto by_fp = s.FindInvestigatorByFingerprint("abcdef0123456789");
  ASSERT_TRUE(by_fp.ok() && by_fp->has_value());
  EXPECT_EQ((*by_fp)->info.id, *id);
  EXPECT_EQ((*by_fp)->permission_mask, 63u);

  const std::string hash("\x00\x01\xff\x80 hash", 9), salt("\x10\x00salt", 6);
  ASSERT_TRUE(s.SetInvestigatorApiKey(*id, hash, salt, "AbC12xyz").ok());
  EXPECT_FALSE(s.SetInvestigatorApiKey(*id, "", salt, "AbC12xyz").ok());
  auto keyed = s.InvestigatorsWithApiKeyPrefix("AbC12xyz");
  ASSERT_EQ(keyed->size(), 1u);
  EXPECT_EQ((*keyed)[0].api_key_hash, hash);
  EXPECT_EQ((*keyed)[0].api_salt, salt);
  // The prefix is matched exactly (case too), never as a pattern.
  EXPECT_TRUE(s.InvestigatorsWithApiKeyPrefix("abc12xyz")->empty());
  EXPECT_TRUE(s.InvestigatorsWithApiKeyPrefix("AbC12%")->empty());
  EXPECT_TRUE(s.InvestigatorsWithUnprefixedApiKey()->empty());
  // A key stored without a prefix (set before migration 4) is found apart.
  InvestigatorRecord legacy = r;
  legacy.info.name = "Legacy Key";
  legacy.info.pgp_fingerprint = "";
  legacy.api_key_hash = hash;
  legacy.api_salt = salt;
  auto legacy_id = s.InsertInvestigator(legacy);
  ASSERT_TRUE(legacy_id.ok()) << legacy_id.error();
  auto unprefixed = s.InvestigatorsWithUnprefixedApiKey();
  ASSERT_EQ(unprefixed->size(), 1u);
  EXPECT_EQ((*unprefixed)[0].info.id, *legacy_id);
  ASSERT_TRUE(s.SetInvestigatorApiKey(*legacy_id, hash, salt, "Legacy00").ok());
  EXPECT_TRUE(s.InvestigatorsWithUnprefixedApiKey()->empty());
  EXPECT_EQ(s.InvestigatorsWithApiKeyPrefix("Legacy00")->size(), 1u);
  ASSERT_TRUE(s.SetInvestigatorStatus(*legacy_id, "disabled").ok());

  ASSERT_TRUE(s.SetInvestigatorPermissions(*id, 1u << 20).ok());
  EXPECT_EQ((*s.GetInvestigator(*id))->permission_mask, 1u << 20);
  EXPECT_EQ(s.ActiveInvestigators()->size(), 1u);
  ASSERT_TRUE(s.SetInvestigatorStatus(*id, "disabled").ok());
  EXPECT_TRUE(s.ActiveInvestigators()->empty());
  EXPECT_FALSE(s.SetInvestigatorStatus(*id, "gone").ok());
  EXPECT_FALSE(s.SetInvestigatorStatus(*id + 100, "active").ok());

  EXPECT_FALSE(s.SchedulerInvestigator()->has_value());
  InvestigatorRecord sched;
  sched.info.name = "migscheduler";
  sched.info.status = "active";
  sched.info.pgp_fingerprint = "5CHED";
  sched.private_key = "-----BEGIN PGP PRIVATE KEY BLOCK-----";
  ASSERT_TRUE(s.InsertInvestigator(sched).ok());
  auto own = s.SchedulerInvestigator();
  ASSERT_TRUE(own.ok() && own->has_value());
  EXPECT_EQ((*own)->private_key, sched.private_key);

  InvestigatorQuery q;
  q.name_like = "KI%";
  auto found = s.SearchInvestigators(q);
  ASSERT_TRUE(found.ok()) << found.error();
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].info.name, "kirk");
}

TYPED_TEST_P(StoreSuite, AgentCredentialsEnrollOnceAndRevoke) {
  auto& s = this->store();
  const std::string loc = "linux." + std::string(90, 'q');
  AgentCredentialRecord r{loc, std::string(64, 'd'), this->T(0), std::nullopt};
  auto first = s.EnrollAgentCredential(r);
  ASSERT_TRUE(first.ok()) << first.error();
  EXPECT_TRUE(*first);
  // A second enrollment of the name, with another secret, changes nothing.
  AgentCredentialRecord thief = r;
  thief.secret_digest = std::string(64, 'e');
  auto second = s.EnrollAgentCredential(thief);
  ASSERT_TRUE(second.ok()) << second.error();
  EXPECT_FALSE(*second);
  auto got = s.GetAgentCredential(loc);
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->secret_digest, r.secret_digest);
  EXPECT_FALSE((*got)->revoked_at.has_value());
  EXPECT_FALSE(s.GetAgentCredential("linux.other")->has_value());
  EXPECT_FALSE(s.EnrollAgentCredential({"", "x", this->T(0), std::nullopt}).ok());

  auto among = s.EnrolledAmong({"linux.other", loc, loc});
  ASSERT_TRUE(among.ok()) << among.error();
  EXPECT_EQ(*among, std::vector<std::string>{loc});

  EXPECT_FALSE(*s.RevokeAgentCredential("linux.other", this->T(1)));
  EXPECT_TRUE(*s.RevokeAgentCredential(loc, this->T(1)));
  EXPECT_TRUE(*s.RevokeAgentCredential(loc, this->T(5)));  // keeps the first time
  got = s.GetAgentCredential(loc);
  ASSERT_TRUE((*got)->revoked_at.has_value());
  EXPECT_EQ((*got)->revoked_at->seconds, this->T(1).seconds);
  // Revoked names stay taken.
  EXPECT_FALSE(*s.EnrollAgentCredential(r));
  auto list = s.ListAgentCredentials(10, 0);
  ASSERT_TRUE(list.ok()) << list.error();
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].queue_loc, loc);
}

TYPED_TEST_P(StoreSuite, SearchesFilterAndPage) {
  auto& s = this->store();
  auto agents = this->Agents({this->Hb("linux.a", 10), this->Hb("linux.b", 20)}, this->T(0));
  std::vector<Command> cmds;
  Id action = this->InflightAction(agents, this->T(0), this->T(600), &cmds);
  ModuleResult yes{true, true, nullptr, nullptr, {}}, no{false, true, nullptr, nullptr, {}};
  ASSERT_TRUE(s.UpdateCommandResults({{cmds[0].id, "success", {yes}, "linux.a", 10, this->T(1)},
                                      {cmds[1].id, "success", {no}, "linux.b", 20, this->T(1)}})
                  .ok());
  CommandQuery cq;
  cq.action_id = action;
  cq.found_anything = true;
  auto found = s.SearchCommands(cq);
  ASSERT_TRUE(found.ok()) << found.error();
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].id, cmds[0].id);
  EXPECT_EQ((*found)[0].agent.queue_loc, "linux.a");
  EXPECT_EQ((*found)[0].action.counters.sent, 2);
  cq.found_anything = false;
  found = s.SearchCommands(cq);
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].id, cmds[1].id);
  cq.found_anything.reset();
  cq.window.limit = 1;
  cq.window.offset = 1;
  found = s.SearchCommands(cq);
  ASSERT_EQ(found->size(), 1u);
  cq.agent_name_like = "HOST-LINUX.B";
  cq.window = {};
  found = s.SearchCommands(cq);
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].id, cmds[1].id);

  ActionQuery aq;
  aq.threat_family_like = "compl%";
  aq.agent_id = agents[1];
  auto actions = s.SearchActions(aq);
  ASSERT_TRUE(actions.ok()) << actions.error();
  ASSERT_EQ(actions->size(), 1u);
  EXPECT_EQ((*actions)[0].counters.success, 2);
  aq.name_like = "nothing%";
  EXPECT_TRUE(s.SearchActions(aq)->empty());

  AgentQuery gq;
  gq.queue_loc_like = "linux.%";
  gq.status_like = "online";
  auto found_agents = s.SearchAgents(gq);
  ASSERT_TRUE(found_agents.ok()) << found_agents.error();
  EXPECT_EQ(found_agents->size(), 2u);
  gq.window.limit = -1;
  EXPECT_FALSE(s.SearchAgents(gq).ok());
  aq.window.offset = -5;
  EXPECT_FALSE(s.SearchActions(aq).ok());
}

TYPED_TEST_P(StoreSuite, AgentsStatistics) {
  auto& s = this->store();
  // two online processes on one host, one online elsewhere, one idle host, one gone.
  this->Agents({this->Hb("linux.gone", 9)}, this->T(-5000));
  this->Agents({this->Hb("linux.idle", 5)}, this->T(-2100));
  ASSERT_TRUE(s.MarkIdleAndOffline(this->T(-1000), this->timers_).ok());  // gone -> idle
  ASSERT_TRUE(s.MarkIdleAndOffline(this->T(-500), this->timers_).ok());   // gone off, idle idle
  this->Agents({this->Hb("linux.multi", 1), this->Hb("linux.multi", 2), this->Hb("linux.one", 3)},
               this->T(0));
  auto st = s.UpdateAgentsStats(this->T(10), true);
  ASSERT_TRUE(st.ok()) << st.error();
  EXPECT_EQ(st->online_agents, 3);
  ASSERT_EQ(st->online_agents_by_version.size(), 1u);
  EXPECT_EQ(st->online_agents_by_version[0].count, 3);
  EXPECT_EQ(st->online_endpoints, 2);
  EXPECT_EQ(st->idle_agents, 1);
  EXPECT_EQ(st->idle_endpoints, 1);
  EXPECT_EQ(st->multi_agents_endpoints, 1);
  EXPECT_EQ(st->flapping_endpoints, 1);
  EXPECT_EQ(st->disappeared_endpoints, 1);
  EXPECT_EQ(st->new_endpoints, 4);
  auto latest = s.LatestAgentsStats();
  ASSERT_TRUE(latest.ok() && latest->has_value()) << latest.error();
  EXPECT_EQ((*latest)->online_agents, 3);
  EXPECT_EQ((*latest)->idle_agents_by_version.size(), 1u);
  EXPECT_EQ((*latest)->timestamp.seconds, this->T(10).seconds);
}

TYPED_TEST_P(StoreSuite, LargeBatchesAreDecidedInArrivalOrder) {
  // More rows than one IN list (500) and one PostgreSQL VALUES chunk (1000).
  std::vector<Heartbeat> hbs;
  for (int i = 0; i < 1200; ++i)
    hbs.push_back(this->Hb("linux.n" + std::to_string(i), 1000 + i));
  hbs.push_back(this->Hb("linux.n7", 1007, this->T(5)));    // again in the same batch
  hbs.push_back(this->Hb("linux.n8", 1008, this->T(500)));  // new environment, same batch
  auto r = this->store().UpsertHeartbeats(hbs, this->T(0), this->timers_);
  ASSERT_TRUE(r.ok()) << r.error();
  ASSERT_EQ(r->size(), 1202u);
  EXPECT_EQ((*r)[7].result, HeartbeatResult::kInserted);
  EXPECT_EQ((*r)[1200].result, HeartbeatResult::kUpdated);
  EXPECT_EQ((*r)[1200].agent_id, (*r)[7].agent_id);
  EXPECT_EQ((*r)[1201].result, HeartbeatResult::kReplaced);
  EXPECT_NE((*r)[1201].agent_id, (*r)[8].agent_id);
  EXPECT_EQ((*this->store().GetAgent((*r)[8].agent_id))->status, "offline");
  EXPECT_EQ((*this->store().GetAgent((*r)[1201].agent_id))->status, "online");
  std::vector<Id> agents;
  for (int i = 0; i < 1200; ++i)
    agents.push_back(i == 8 ? (*r)[1201].agent_id : (*r)[i].agent_id);
  // A second batch refreshes all of them in place.
  hbs.resize(1200);
  hbs[8] = this->Hb("linux.n8", 1008, this->T(500));
  r = this->store().UpsertHeartbeats(hbs, this->T(60), this->timers_);
  ASSERT_TRUE(r.ok()) << r.error();
  for (int i = 0; i < 1200; ++i) {
    ASSERT_EQ((*r)[i].result, HeartbeatResult::kUpdated) << i;
    ASSERT_EQ((*r)[i].agent_id, agents[i]) << i;
  }
  EXPECT_EQ((*this->store().GetAgent(agents[1199]))->heartbeat_time.seconds, this->T(60).seconds);

  std::vector<Command> cmds;
  Id action = this->InflightAction(agents, this->T(0), this->T(600), &cmds);
  ASSERT_EQ(cmds.size(), 1200u);
  auto loc = [](int i) { return "linux.n" + std::to_string(i); };
  ModuleResult found{true, true, Json{{"n", 1}}, nullptr, {}};
  std::vector<CommandReturn> back;
  for (int i = 0; i < 1200; ++i)
    back.push_back({cmds[i].id, "success", {found}, loc(i), 1000 + i, this->T(5)});
  back[3].status = "failed";  // failed, then a success in the same batch
  back.push_back({cmds[3].id, "success", {found}, loc(3), 1003, this->T(6)});
  back.push_back({cmds[4].id, "failed", {}, loc(4), 1004, this->T(6)});  // after a success
  auto out = this->store().UpdateCommandResults(back);
  ASSERT_TRUE(out.ok()) << out.error();
  ASSERT_EQ(out->size(), 1202u);
  for (int i = 0; i < 1201; ++i)
    ASSERT_EQ((*out)[i].result, ReturnResult::kAccepted) << i;
  EXPECT_EQ((*out)[1201].result, ReturnResult::kAlreadySucceeded);
  EXPECT_EQ((*out)[1200].action_id, action);
  EXPECT_EQ((*this->store().GetCommand(cmds[3].id))->status, "success");
  EXPECT_EQ((*this->store().GetCommand(cmds[3].id))->finish_time.seconds, this->T(6).seconds);
  EXPECT_EQ((*this->store().GetCommand(cmds[4].id))->status, "success");
  auto prog = this->store().RecountActions({action}, this->T(7));
  ASSERT_TRUE(prog.ok()) << prog.error();
  EXPECT_TRUE((*prog)[0].completed);
  EXPECT_EQ((*prog)[0].counters.success, 1200);
}

TYPED_TEST_P(StoreSuite, PreparingActionCompletesWhenEveryResultIsIn) {
  // The dispatcher settles confirms after publishing: every result can be
  // stored while the action is still "preparing".
  auto agents = this->Agents({this->Hb("linux.a", 10)}, this->T(0));
  Action a = this->NewAction("early", this->T(0), this->T(600));
  ASSERT_TRUE(this->store().InsertAction(a, {}).ok());
  ASSERT_EQ(this->store().ClaimDueActions(this->T(1), 10)->size(), 1u);
  ASSERT_TRUE(this->store().TransitionAction(a.id, "scheduled", "preparing", this->T(1)).ok());
  std::vector<Command> cmds(1);
  cmds[0].action = a;
  cmds[0].agent.id = agents[0];
  cmds[0].start_time = this->T(1);
  ASSERT_TRUE(this->store().InsertCommands(cmds).ok());
  auto prog = this->store().RecountActions({a.id}, this->T(1));
  ASSERT_TRUE(prog.ok());
  EXPECT_FALSE((*prog)[0].completed) << "no result yet";
  auto out =
      this->store().UpdateCommandResults({{cmds[0].id, "success", {}, "linux.a", 10, this->T(2)}});
  ASSERT_EQ((*out)[0].result, ReturnResult::kAccepted);
  prog = this->store().RecountActions({a.id}, this->T(2));
  ASSERT_TRUE(prog.ok());
  EXPECT_TRUE((*prog)[0].completed);
  EXPECT_EQ((*this->store().GetAction(a.id))->status, "completed");
  // The dispatcher's late move to inflight is refused, and says why.
  Status s = this->store().TransitionAction(a.id, "preparing", "inflight", this->T(3));
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("completed"), std::string::npos) << s.message();
}

REGISTER_TYPED_TEST_SUITE_P(
    StoreSuite, CompiledTargetsSelectTheFixtureRows, MigrationsAreIdempotent,
    IdsAreUniqueAcrossConnectionsAndBelow2To53, ActionRoundTripsWithSignersAndSentinels,
    InsertActionRejectsBadInputAndLeavesNothing, ActionLifecycleToCompleted, ExpirePendingActions,
    ClaimIsAtomicAcrossSchedulers, BulkInsertOfTenThousandCommands,
    CommandBatchWithUnknownAgentInsertsNothing, ResultUpdatesFollowAcceptanceRules,
    ExpiryCompletesEvenWhenAgentsAreGone, NulInResultsIsCleanedAlike,
    TextNoColumnCanHoldIsHandledAlike, ResultOfAnAgentMarkedOfflineIsAccepted,
    SearchPatternsEscapeAlike, HeartbeatUpsertRules, StatusSweepsFollowTimers,
    StatusFollowsEachAgentsDeclaredInterval, FindsDuplicateAgents, CancelAction,
    ResolvesCompiledTargets, ResolvesHandWrittenTargetFragment, RefusesBadFragments,
    InvalidStoredJsonIsAnErrorNotACrash, Investigators, SearchesFilterAndPage, AgentsStatistics,
    LargeBatchesAreDecidedInArrivalOrder, PreparingActionCompletesWhenEveryResultIsIn,
    AgentCredentialsEnrollOnceAndRevoke);

}  // namespace mig::store
