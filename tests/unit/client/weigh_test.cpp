// What mig says a signed action weighs (mig action weigh, mig -i) and how
// mig -i takes an action file signed by several investigators.
#include <gtest/gtest.h>

#include "client/action_weigh.h"
#include "client/fleet_command.h"
#include "core/documents_json.h"
#include "core/pgp/one_line.h"
#include "core/signed_string.h"
#include "gnupg_home.h"
#include "test_env.h"

namespace mig::client {
namespace {

SignatureInfo Valid(const std::string& fpr) {
  SignatureInfo s;
  s.state = SignatureState::kValid;
  s.fingerprint = fpr;
  return s;
}

Action TwoOperations(int64_t seconds) {
  Action a;
  a.name = "contain";
  a.target = "status='online'";
  a.valid_from = Time::FromUnix(Time::Now().Unix() - 60);
  a.expire_after = a.valid_from.AddSeconds(seconds);
  a.syntax_version = 2;
  a.operations = std::vector<Operation>{{"file", Json::object(), false, false},
                                        {"fakerespond", Json::object(), false, false}};
  return a;
}

const IsRespondModule kFakeRespond = [](const std::string& m) { return m == "fakerespond"; };

std::string Joined(const WeighReport& r) {
  std::string out;
  for (const auto& l : r.lines)
    out += l + "\n";
  return out;
}

TEST(WeighAction, RespondOperationsAreWeighedByTheRespondEntry) {
  auto acl = ParseAcl(R"({"default":{"minimumweight":1,"investigators":{
      "a":{"fingerprint":"AA","weight":1},"c":{"fingerprint":"CC","weight":7}}},
    "respond":{"minimumweight":2,"investigators":{
      "a":{"fingerprint":"AA","weight":1},"b":{"fingerprint":"BB","weight":1}}}})");
  ASSERT_TRUE(acl.ok()) << acl.error();
  const Action a = TwoOperations(1800);
  auto one = WeighAction(a, {Valid("AA")}, &*acl, kFakeRespond);
  EXPECT_FALSE(one.enough);
  EXPECT_NE(Joined(one).find("operation 1 (file, investigate): 1 valid signature, weight 1 of 1 "
                             "needed (ACL entry default), enough"),
            std::string::npos)
      << Joined(one);
  EXPECT_NE(Joined(one).find("operation 2 (fakerespond, respond): 1 valid signature, weight 1 of "
                             "2 needed (ACL entry respond), lacks 1"),
            std::string::npos)
      << Joined(one);
  // Carol's weight in default never counts for respond.
  auto carol = WeighAction(a, {Valid("CC")}, &*acl, kFakeRespond);
  EXPECT_FALSE(carol.enough);
  EXPECT_NE(Joined(carol).find("weight 0 of 2 needed (ACL entry respond), lacks 2"),
            std::string::npos)
      << Joined(carol);
  auto two = WeighAction(a, {Valid("AA"), Valid("BB")}, &*acl, kFakeRespond);
  EXPECT_TRUE(two.enough) << Joined(two);
  EXPECT_TRUE(two.signatures_ok);
  // An ACL without a respond entry: said so.
  auto no_respond = ParseAcl(R"({"default":{"minimumweight":1,"investigators":{}}})");
  auto missing = WeighAction(a, {Valid("AA"), Valid("BB")}, &*no_respond, kFakeRespond);
  EXPECT_FALSE(missing.enough);
  EXPECT_NE(Joined(missing).find("NOT allowed: no ACL entry found for respond module fakerespond"),
            std::string::npos)
      << Joined(missing);
}

TEST(WeighAction, WithoutAnAclCountsSignaturesAndSaysWhoDecides) {
  SignatureInfo unknown;
  unknown.state = SignatureState::kUnverified;
  unknown.key_id = "0123456789ABCDEF";
  auto r = WeighAction(TwoOperations(1800), {Valid("AA"), unknown}, nullptr, kFakeRespond);
  EXPECT_FALSE(r.signatures_ok);
  const std::string text = Joined(r);
  EXPECT_NE(text.find("the agents' ACL decides"), std::string::npos) << text;
  EXPECT_NE(text.find("signature 2: not verified here: made by key ID 0123456789ABCDEF"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("operation 2 (fakerespond, respond): 1 valid signature\n"), std::string::npos)
      << text;
}

TEST(WeighAction, WarnsOfARespondWindowAgentsWouldRefuse) {
  auto r = WeighAction(TwoOperations(2 * 3600), {Valid("AA")}, nullptr, kFakeRespond);
  EXPECT_NE(Joined(r).find("is valid for 2h0m0s"), std::string::npos) << Joined(r);
  auto ok = WeighAction(TwoOperations(1800), {Valid("AA")}, nullptr, kFakeRespond);
  EXPECT_EQ(Joined(ok).find("note:"), std::string::npos) << Joined(ok);
}

// mig -i with a file Alice and Bob signed: taken as it is, weighed, and
// refused when it was changed or lacks weight in the migrc's ACL.
class LaunchSigned : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    gpg_ = new test::GnuPGHome();
    alice_ = gpg_->GenerateKey("Alice <alice@example.net>", "ed25519");
    bob_ = gpg_->GenerateKey("Bob <bob@example.net>", "ed25519");
  }
  static void TearDownTestSuite() {
    delete gpg_;
    gpg_ = nullptr;
  }
  void SetUp() override {
    action_ = TwoOperations(1800);
    (*action_.operations)[1].module = "netstat";
    for (const auto& fpr : {alice_, bob_}) {
      action_.pgp_signatures.push_back(
          pgp::EncodeOneLine(gpg_->DetachSign(fpr, SignedString(action_))));
    }
  }
  // Runs mig -i FILE -s (sign and print, no launch) or launches against an
  // unreachable API; returns the exit code, stdout in *out.
  int Run(const Action& action, bool sign_only, const std::string& acl, std::string* out) {
    test::WriteFile(dir_.Sub("a.json"), WriteAction(action));
    std::string rc = "[api]\n  url = \"http://127.0.0.1:1/api/v1/\"\n[gpg]\n  home = \"" +
                     gpg_->path() + "\"\n  keyid = \"" + alice_ + "\"\n";
    if (!acl.empty()) {
      test::WriteFile(dir_.Sub("acl.cfg"), acl);
      rc += "[agents]\n  acl = \"" + dir_.Sub("acl.cfg") + "\"\n";
    }
    test::WriteFile(dir_.Sub("rc"), rc);
    FleetOptions o;
    o.config_path = dir_.Sub("rc");
    o.action_file = dir_.Sub("a.json");
    o.sign_only = sign_only;
    ::testing::internal::CaptureStdout();
    ::testing::internal::CaptureStderr();
    const int code = RunFleetCommand("", Json(), o);
    *out = ::testing::internal::GetCapturedStdout();
    err_ = ::testing::internal::GetCapturedStderr();
    return code;
  }
  std::string AclNeeding(int need) const {
    return R"({"default":{"minimumweight":)" + std::to_string(need) +
           R"(,"investigators":{"a":{"fingerprint":")" + alice_ +
           R"(","weight":1},"b":{"fingerprint":")" + bob_ + R"(","weight":1}}}})";
  }

  static test::GnuPGHome* gpg_;
  static std::string alice_, bob_;
  Action action_;
  test::TempDir dir_;
  std::string err_;
};

test::GnuPGHome* LaunchSigned::gpg_ = nullptr;
std::string LaunchSigned::alice_, LaunchSigned::bob_;

TEST_F(LaunchSigned, AFileSignedByTwoIsTakenAsItIs) {
  std::string out;
  ASSERT_EQ(Run(action_, /*sign_only=*/true, AclNeeding(2), &out), 0) << err_;
  auto printed = ParseAction(out);
  ASSERT_TRUE(printed.ok()) << out;
  // Alice (the migrc's key) signed already: nothing added, nothing changed.
  EXPECT_EQ(WriteAction(*printed), WriteAction(action_));
  EXPECT_NE(err_.find("signature 2: valid, made by " + bob_), std::string::npos) << err_;
  EXPECT_NE(err_.find("operation 1 (file, investigate): 2 valid signatures, weight 2 of 2 needed "
                      "(ACL entry default), enough"),
            std::string::npos)
      << err_;
}

TEST_F(LaunchSigned, WithoutAnAclTheCountIsShown) {
  std::string out;
  ASSERT_EQ(Run(action_, /*sign_only=*/true, "", &out), 0) << err_;
  EXPECT_NE(err_.find("the agents' ACL decides whether 2 valid signatures weigh enough"),
            std::string::npos)
      << err_;
}

TEST_F(LaunchSigned, LackingWeightIsNotLaunched) {
  std::string out;
  EXPECT_EQ(Run(action_, /*sign_only=*/false, AclNeeding(3), &out), 2);
  EXPECT_NE(err_.find("weight 2 of 3 needed (ACL entry default), lacks 1"), std::string::npos)
      << err_;
  EXPECT_NE(err_.find("not launched: the signatures lack weight"), std::string::npos) << err_;
  // Not even the API was asked: it is unreachable, and no such error shows.
  EXPECT_EQ(err_.find("check that mig-api runs"), std::string::npos) << err_;
}

TEST_F(LaunchSigned, AChangedFileIsNotLaunched) {
  Action changed = action_;
  changed.target = "status='online' OR 1=1";
  std::string out;
  EXPECT_EQ(Run(changed, /*sign_only=*/false, "", &out), 2);
  EXPECT_NE(err_.find("signature 1: NOT valid"), std::string::npos) << err_;
  EXPECT_NE(err_.find("not launched: signature 1 does not verify"), std::string::npos) << err_;
}

}  // namespace
}  // namespace mig::client
