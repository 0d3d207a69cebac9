// The agent's gate for respond operations (docs/acl.md): their own ACL entry
// or "respond", never "default"; onlyverifypubkey never waives it; a short
// validity window. A fake respond module is registered in this binary only
// (the real ones are not needed to check the gate, and a fake in unit_agent
// would show up in its registry-wide tests).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>

#include "agent/authorizer.h"
#include "core/pgp/one_line.h"
#include "core/signed_string.h"
#include "gnupg_home.h"
#include "modules/module_kinds.h"
#include "modules/registry.h"

namespace mig::agent {
namespace {

class FakeRespondModule : public modules::Module {
 public:
  std::string_view Name() const override { return "fakerespond"; }
  modules::ModuleKind Kind() const override { return modules::ModuleKind::kRespond; }
  ModuleResult Run(const Json&) override { return {}; }
  std::vector<std::string> Print(const ModuleResult&, bool) const override { return {}; }
  Result<Json> ParametersFromArgs(const std::vector<std::string>&,
                                  const modules::FileSource&) const override {
    return Status::Error("no command line");
  }
  std::vector<modules::FlagInfo> Flags() const override { return {}; }
  std::string Usage() const override { return ""; }
};

}  // namespace
}  // namespace mig::agent

MIG_REGISTER_MODULE(fakerespond, ::mig::agent::FakeRespondModule)

namespace mig::agent {
namespace {

class RespondGate : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    gpg_ = new test::GnuPGHome();
    alice_ = gpg_->GenerateKey("Alice <alice@example.net>", "ed25519");
    bob_ = gpg_->GenerateKey("Bob <bob@example.net>", "ed25519");
    carol_ = gpg_->GenerateKey("Carol <carol@example.net>", "ed25519");
  }
  static void TearDownTestSuite() {
    delete gpg_;
    gpg_ = nullptr;
  }

  // Alice and Bob weigh 1 in "respond" (which wants 2) and in "default"
  // (which wants 1); Carol weighs 5 in "default" only.
  static std::string TwoManAcl() {
    return R"({"default":{"minimumweight":1,"investigators":{
                 "alice":{"fingerprint":")" +
           alice_ + R"(","weight":1},
                 "bob":{"fingerprint":")" +
           bob_ + R"(","weight":1},
                 "carol":{"fingerprint":")" +
           carol_ + R"(","weight":5}}},
               "respond":{"minimumweight":2,"investigators":{
                 "alice":{"fingerprint":")" +
           alice_ + R"(","weight":1},
                 "bob":{"fingerprint":")" +
           bob_ + R"(","weight":1}}}})";
  }

  static AgentConfig Config(const std::string& acl) {
    AgentConfig c;
    c.acl_json = acl;
    for (const auto& fpr : {alice_, bob_, carol_})
      c.investigator_keys.push_back(gpg_->ExportPublic(fpr));
    return c;
  }

  // An action of the given modules, valid from a minute ago for `seconds`.
  static Action MakeAction(const std::vector<std::string>& modules_names, int64_t seconds = 1800) {
    Action a;
    a.name = "respond gate test";
    a.target = "status='online'";
    a.valid_from = Time::FromUnix(Time::Now().Unix() - 60);
    a.expire_after = a.valid_from.AddSeconds(seconds);
    a.syntax_version = 2;
    a.operations.emplace();
    for (const auto& m : modules_names) {
      Operation op;
      op.module = m;
      op.parameters = Json::object();
      a.operations->push_back(op);
    }
    return a;
  }

  static void Sign(Action& a, const std::string& fpr) {
    a.pgp_signatures.push_back(pgp::EncodeOneLine(gpg_->DetachSign(fpr, SignedString(a))));
  }

  static Status Authorize(const AgentConfig& c, const Action& a) {
    auto auth = MakeAuthorizer(c);
    EXPECT_TRUE(auth.ok()) << auth.error();
    if (!auth.ok()) return auth.status();
    return (*auth)->Authorize(a, Time::Now());
  }

  static test::GnuPGHome* gpg_;
  static std::string alice_, bob_, carol_;
};

test::GnuPGHome* RespondGate::gpg_ = nullptr;
std::string RespondGate::alice_, RespondGate::bob_, RespondGate::carol_;

MATCHER_P(Refused, text, "") {
  if (arg.ok()) {
    *result_listener << "accepted";
    return false;
  }
  *result_listener << "refused: " << arg.message();
  return arg.message().find(text) != std::string::npos;
}
MATCHER(Accepted, "") {
  *result_listener << (arg.ok() ? "accepted" : "refused: " + arg.message());
  return arg.ok();
}

TEST_F(RespondGate, TheFakeModuleIsARespondModule) {
  EXPECT_EQ(modules::RespondModuleNames().count("fakerespond"), 1u);
  EXPECT_EQ(modules::RespondModuleNames().count("file"), 0u);
}

TEST_F(RespondGate, OneSignatureIsRefusedWithTheReason) {
  Action a = MakeAction({"fakerespond"});
  Sign(a, alice_);
  EXPECT_THAT(Authorize(Config(TwoManAcl()), a),
              Refused("permission denied for respond operation fakerespond (ACL entry respond), "
                      "insufficient signatures weight (need 2, got 1)"));
}

TEST_F(RespondGate, TwoSignaturesAreAccepted) {
  Action a = MakeAction({"fakerespond"});
  Sign(a, alice_);
  Sign(a, bob_);
  EXPECT_THAT(Authorize(Config(TwoManAcl()), a), Accepted());
}

TEST_F(RespondGate, TheSameKeyTwiceIsRefused) {
  Action a = MakeAction({"fakerespond"});
  Sign(a, alice_);
  Sign(a, alice_);
  EXPECT_THAT(Authorize(Config(TwoManAcl()), a), Refused("used to sign multiple times"));
}

TEST_F(RespondGate, NoModuleEntryAndNoRespondEntryIsRefused) {
  // Carol alone satisfies "default" five times over: it must not count.
  const std::string only_default = R"({"default":{"minimumweight":1,"investigators":{
      "carol":{"fingerprint":")" + carol_ +
                                   R"(","weight":5}}}})";
  Action a = MakeAction({"fakerespond"});
  Sign(a, carol_);
  EXPECT_THAT(Authorize(Config(only_default), a),
              Refused("no ACL entry found for respond module fakerespond, and no respond entry "
                      "present (the default entry never applies to respond modules)"));
  // The same signature runs an investigation under that ACL.
  Action investigation = MakeAction({"file"});
  Sign(investigation, carol_);
  EXPECT_THAT(Authorize(Config(only_default), investigation), Accepted());
}

TEST_F(RespondGate, DefaultIsNeverUsedEvenWhenRespondEntryIsMissing) {
  // Carol weighs 5 in default, nothing in respond.
  Action a = MakeAction({"fakerespond"});
  Sign(a, carol_);
  EXPECT_THAT(Authorize(Config(TwoManAcl()), a), Refused("(need 2, got 0)"));
}

TEST_F(RespondGate, TheModulesOwnEntryComesBeforeRespond) {
  const std::string acl = R"({"respond":{"minimumweight":2,"investigators":{
      "alice":{"fingerprint":")" +
                          alice_ + R"(","weight":1}}},
    "fakerespond":{"minimumweight":3,"investigators":{
      "alice":{"fingerprint":")" +
                          alice_ + R"(","weight":1},
      "bob":{"fingerprint":")" +
                          bob_ + R"(","weight":1},
      "carol":{"fingerprint":")" +
                          carol_ + R"(","weight":1}}}})";
  Action a = MakeAction({"fakerespond"});
  Sign(a, alice_);
  Sign(a, bob_);
  EXPECT_THAT(Authorize(Config(acl), a),
              Refused("respond operation fakerespond (ACL entry fakerespond), insufficient "
                      "signatures weight (need 3, got 2)"));
  Sign(a, carol_);
  EXPECT_THAT(Authorize(Config(acl), a), Accepted());
}

TEST_F(RespondGate, OnlyVerifyPubkeyDoesNotWaiveRespondWeights) {
  AgentConfig c = Config(TwoManAcl());
  c.only_verify_pubkey = true;
  Action respond = MakeAction({"fakerespond"});
  Sign(respond, carol_);
  EXPECT_THAT(Authorize(c, respond), Refused("insufficient signatures weight (need 2, got 0)"));
  // Nor without any ACL entry for it.
  AgentConfig no_entry = Config(R"({"default":{"minimumweight":1,"investigators":{}}})");
  no_entry.only_verify_pubkey = true;
  EXPECT_THAT(Authorize(no_entry, respond), Refused("no respond entry present"));
  // It still waives weights for investigations, as in MIG.
  Action investigation = MakeAction({"file"});
  Sign(investigation, carol_);
  EXPECT_THAT(Authorize(no_entry, investigation), Accepted());
}

TEST_F(RespondGate, AMixedActionNeedsTheRespondWeightToo) {
  Action a = MakeAction({"file", "fakerespond"});
  Sign(a, carol_);
  EXPECT_THAT(Authorize(Config(TwoManAcl()), a),
              Refused("respond operation fakerespond (ACL entry respond)"));
}

TEST_F(RespondGate, AWindowLongerThanMaxValidityIsRefused) {
  Action a = MakeAction({"fakerespond"}, 2 * 3600);
  Sign(a, alice_);
  Sign(a, bob_);
  EXPECT_THAT(Authorize(Config(TwoManAcl()), a),
              Refused("respond operation fakerespond refused: the action is valid for 2h0m0s"));
  EXPECT_THAT(Authorize(Config(TwoManAcl()), a), Refused("[respond] maxvalidity = 1h0m0s"));
  AgentConfig longer = Config(TwoManAcl());
  longer.respond_max_validity = std::chrono::hours(3);
  EXPECT_THAT(Authorize(longer, a), Accepted());
  // Exactly the maximum passes.
  Action hour = MakeAction({"fakerespond"}, 3600);
  Sign(hour, alice_);
  Sign(hour, bob_);
  EXPECT_THAT(Authorize(Config(TwoManAcl()), hour), Accepted());
}

TEST_F(RespondGate, AnActionWithoutExpiryIsRefused) {
  Action a = MakeAction({"fakerespond"});
  a.expire_after = Time{};
  Sign(a, alice_);
  Sign(a, bob_);
  EXPECT_THAT(Authorize(Config(TwoManAcl()), a),
              Refused("respond operation fakerespond refused: the action has no expiry"));
}

TEST_F(RespondGate, AnActionValidFromYearOneIsRefusedWithoutOverflow) {
  Action a = MakeAction({"fakerespond"});
  a.valid_from = Time{};
  Sign(a, alice_);
  Sign(a, bob_);
  EXPECT_THAT(Authorize(Config(TwoManAcl()), a), Refused("the action is valid for "));
}

TEST_F(RespondGate, InvestigationsKeepMigsWindow) {
  // A day-long investigation is no concern of [respond] maxvalidity.
  Action a = MakeAction({"file"}, 24 * 3600);
  Sign(a, alice_);
  EXPECT_THAT(Authorize(Config(TwoManAcl()), a), Accepted());
}

TEST_F(RespondGate, TheBuiltInAclWantsTwoInvestigatorsForRespond) {
  auto acl = ParseAcl(AgentConfig{}.acl_json);
  ASSERT_TRUE(acl.ok()) << acl.error();
  ASSERT_EQ(acl->count("respond"), 1u);
  EXPECT_EQ(acl->at("respond").minimum_weight, 2);
  ASSERT_EQ(acl->count("default"), 1u);
  EXPECT_TRUE(acl->at("default").investigators.empty());  // MIG's: accepts nobody
}

}  // namespace
}  // namespace mig::agent
