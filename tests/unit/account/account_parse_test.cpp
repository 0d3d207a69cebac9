// The account module's parsers and printer, on text only: the user database
// lines, the lock record, the parameters and flags, with attacker inputs.
#include <gtest/gtest.h>

#include "modules/account/engine/lock_record.h"
#include "modules/account/engine/user_db.h"
#include "modules/account/params.h"
#include "modules/account/printer.h"
#include "modules/account/user_name.h"
#include "modules/registry.h"

namespace mig::modules::account {
namespace {

TEST(AccountUserDb, UnchangedFilesComeBackByteForByte) {
  for (std::string text : {"a:x:1:1::/:/bin/sh\nb:x:2:2:B:/home/b:/bin/sh\n",
                           "a:x:1:1::/:/bin/sh\nb:x:2:2:B:/home/b:/bin/sh",  // no final newline
                           ""}) {
    auto db = UserDb::Parse(text, kPasswdFields, "passwd");
    ASSERT_TRUE(db.ok()) << db.error();
    EXPECT_EQ(db->Text(), text);
  }
}

TEST(AccountUserDb, OnlyTheFieldSetChanges) {
  const std::string text = "root:*:19000:0:99999:7:::\nbob:$6$s$h:19000:0:99999:7:::\n";
  auto db = UserDb::Parse(text, kShadowFields, "shadow");
  ASSERT_TRUE(db.ok()) << db.error();
  auto bob = db->Find("bob");
  ASSERT_TRUE(bob.ok());
  ASSERT_TRUE(db->SetField(*bob, kExpireField, "1").ok());
  EXPECT_EQ(db->Text(), "root:*:19000:0:99999:7:::\nbob:$6$s$h:19000:0:99999:7::1:\n");
  // A value that would add a field or a line is refused.
  EXPECT_FALSE(db->SetField(*bob, kExpireField, "1:0").ok());
  EXPECT_FALSE(db->SetField(*bob, kExpireField, "1\nevil::0:0:::::").ok());
}

TEST(AccountUserDb, MalformedFilesAreRefusedWhole) {
  const std::string good = "root:*:19000:0:99999:7:::\n";
  struct Case {
    std::string text, expected;
  };
  const Case cases[] = {
      {good + "bob:$6$h:19000:0:99999\n", "line 2 has 5 fields, 9 expected"},
      {good + "bob:$6$h:19000:0:99999:7::::extra\n", "line 2 has 10 fields"},
      {good + "bob:" + std::string(100000, 'A') + ":1:0:99999:7:::\n", "line 2 is longer than"},
      {good + std::string("bob:h\0:1:0:99999:7:::\n", 22), "line 2 holds a NUL byte"},
      {good + "\n", "line 2 has 1 fields"},
      {good + ":x:1:0:99999:7:::\n", "line 2 has an empty name"},
  };
  for (const auto& c : cases) {
    auto db = UserDb::Parse(c.text, kShadowFields, "/etc/shadow");
    ASSERT_FALSE(db.ok()) << c.text.substr(0, 60);
    EXPECT_NE(db.error().find(c.expected), std::string::npos) << db.error();
  }
  EXPECT_FALSE(UserDb::Parse(std::string(kMaxUserDbBytes + 1, 'a'), kShadowFields, "s").ok());
}

TEST(AccountUserDb, RepeatedOrMissingUsersAreErrors) {
  auto db = UserDb::Parse("bob:x:1:1::/:/s\nbob:x:2:2::/:/s\n", kPasswdFields, "/etc/passwd");
  ASSERT_TRUE(db.ok());
  EXPECT_NE(db->Find("bob").error().find("appears more than once"), std::string::npos);
  EXPECT_EQ(db->Find("alice").error(), "no user alice in /etc/passwd");
}

TEST(AccountUserDb, NamesAndExpiryFields) {
  for (const char* ok : {"bob", "_svc", "Bob.Smith", "web-1", "machine$", "a"})
    EXPECT_TRUE(IsValidUserName(ok)) << ok;
  for (const std::string& bad : std::vector<std::string>{
           "", "-bob", ".bob", "1bob", "bob:x", "../etc", "bob\n", "bob smith", "bo$b",
           std::string(33, 'a'), std::string("bo\0b", 4), "bob\xc3\xa9"})
    EXPECT_FALSE(IsValidUserName(bad)) << bad;
  for (const char* ok : {"", "1", "19000", "-1"})
    EXPECT_TRUE(IsValidExpireField(ok)) << ok;
  for (const char* bad : {"-", "1a", " 1", "99999999999999999999", "1.5"})
    EXPECT_FALSE(IsValidExpireField(bad)) << bad;
}

TEST(AccountLockRecord, RoundTripsAndRefusesWhatItDidNotWrite) {
  LockRecord r;
  r.user = "bob";
  r.uid = 1001;
  r.locked_at = 1700000000;
  r.shadow_prefixed = true;
  r.previous_expire = "";
  r.keys = {"authorized_keys", "authorized_keys2"};
  auto back = DecodeRecord(EncodeRecord(r), "bob");
  ASSERT_TRUE(back.ok()) << back.error();
  EXPECT_EQ(back->uid, 1001u);
  EXPECT_TRUE(back->shadow_prefixed);
  EXPECT_FALSE(back->passwd_prefixed);
  EXPECT_EQ(back->keys, r.keys);

  EXPECT_FALSE(DecodeRecord(EncodeRecord(r), "alice").ok());  // another user's record
  const std::string base =
      R"({"user":"bob","uid":1001,"lockedat":1,"shadowprefixed":true,"passwdprefixed":false,)";
  for (const std::string& bad :
       {base + R"("previousexpire":"1:0:0","keys":[]})",                // injects shadow fields
        base + R"("previousexpire":"","keys":["../../root/.ssh/x"]})",  // path in keys
        base + R"("previousexpire":"","keys":["authorized_keys","authorized_keys"]})",
        base + R"("previousexpire":""})",           // keys missing
        base + R"("previousexpire":5,"keys":[]})",  // wrong type
        std::string(R"({"user":"bob","uid":-1})"), std::string("not json"),
        std::string(5000, ' ') + "{}"}) {
    auto d = DecodeRecord(bad, "bob");
    EXPECT_FALSE(d.ok()) << bad;
    if (!d.ok()) {
      EXPECT_NE(d.error().find("nothing changed"), std::string::npos) << d.error();
    }
  }
}

TEST(AccountParameters, DecodeWithGoRulesAndValidate) {
  auto p = DecodeParameters(Json::parse(R"({"Lock":"bob","DryRun":true})"));
  ASSERT_TRUE(p.ok()) << p.error();
  EXPECT_EQ(p->lock, "bob");
  EXPECT_TRUE(p->dryrun);
  EXPECT_TRUE(ValidateParameters(*p).ok());
  EXPECT_FALSE(DecodeParameters(Json::parse(R"({"lock":5})")).ok());
  EXPECT_FALSE(DecodeParameters(Json::parse(R"({"dryrun":"yes"})")).ok());
  EXPECT_FALSE(DecodeParameters(Json::parse(R"([1])")).ok());
  for (const char* bad : {R"({})", R"({"lock":"a","unlock":"b"})", R"({"lock":"root:0"})",
                          R"({"unlock":"../../etc/shadow"})", R"({"lock":"a\nb"})"}) {
    auto d = DecodeParameters(Json::parse(bad));
    ASSERT_TRUE(d.ok()) << bad;
    EXPECT_FALSE(ValidateParameters(*d).ok()) << bad;
  }
  // The message never echoes control characters back.
  auto d = DecodeParameters(Json::parse(R"({"lock":"a\u001b[2Jb"})"));
  EXPECT_EQ(ValidateParameters(*d).message().find('\x1b'), std::string::npos);
}

TEST(AccountParameters, CommandLine) {
  auto module = CreateModule("account");
  ASSERT_NE(module, nullptr);
  EXPECT_EQ(module->Kind(), ModuleKind::kRespond);
  auto j = module->ParametersFromArgs({"-lock", "bob", "-dryrun"});
  ASSERT_TRUE(j.ok()) << j.error();
  EXPECT_EQ(j->dump(), R"({"dryrun":true,"lock":"bob"})");
  j = module->ParametersFromArgs({"-unlock=bob"});
  ASSERT_TRUE(j.ok()) << j.error();
  EXPECT_EQ(j->dump(), R"({"dryrun":false,"unlock":"bob"})");
  for (const std::vector<std::string>& bad :
       std::vector<std::vector<std::string>>{{},
                                             {"-lock"},
                                             {"-lock", "bob", "-unlock", "bob"},
                                             {"-dryrun", "bob"},
                                             {"-lock", "bob", "extra"},
                                             {"-lock", "-dryrun"},
                                             {"-kill", "bob"}})
    EXPECT_FALSE(module->ParametersFromArgs(bad).ok()) << (bad.empty() ? "" : bad[0]);
}

TEST(AccountPrinter, OneLinePerStepAndErrors) {
  ModuleResult r;
  r.success = false;
  r.found_anything = true;
  r.elements = OrderedJson::parse(
      R"({"operation":"lock","user":"bob","uid":1001,"dryrun":true,"steps":[
        {"step":"password","file":"/etc/shadow","changed":true,"detail":"'!' would be prefixed"},
        {"step":"processes","changed":false,"detail":"0 process(es) would be killed","pids":[]}]})");
  r.errors = {"killing processes: pid 7: SIGKILL: Operation not permitted"};
  auto lines = PrintResult(r, false);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "dry run: lock bob (uid 1001): /etc/shadow: '!' would be prefixed");
  EXPECT_EQ(lines[1], "dry run: lock bob (uid 1001): 0 process(es) would be killed");
  EXPECT_EQ(lines[2], "error: killing processes: pid 7: SIGKILL: Operation not permitted");
  EXPECT_EQ(PrintResult(r, true).size(), 1u);
  // Whatever an agent sent, printing does not throw.
  r.elements = OrderedJson::parse(R"({"steps":[1,{"changed":"x"}],"uid":"u"})");
  EXPECT_NO_THROW(PrintResult(r, false));
}

}  // namespace
}  // namespace mig::modules::account
