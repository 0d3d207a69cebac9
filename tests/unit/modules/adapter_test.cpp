// ModuleAdapter (modules/module_adapter.h): what every module gets from it.
// Two test specs: one whose validation returns a Status, one whose
// validation settles a value for the engine (as ping's resolved address).
#include <gtest/gtest.h>

#include "modules/go_flags.h"
#include "modules/go_json.h"
#include "modules/module_adapter.h"

namespace mig::modules {
namespace {

struct Params {
  std::string word;
};

int engine_calls = 0;

Result<Params> Decode(const Json& json) {
  if (Status st = gojson::RequireObject(json, "test.params"); !st) return st;
  Params p;
  if (Status st = gojson::ReadString(json, "word", "params", &p.word); !st) return st;
  return p;
}
Status Validate(const Params& p) {
  if (p.word.empty() || p.word.size() > 8) return Status::Error("word must be 1 to 8 characters");
  return Status::Ok();
}
FlagSet DeclareFlags(Params& p) {
  FlagSet flags("mig plain");
  flags.String("word", &p.word, "the word");
  return flags;
}
Result<Params> ParseArgs(const std::vector<std::string>& args, const FileSource& files) {
  Params p;
  if (Status st = DeclareFlags(p).Parse(args, files); !st) return st;
  return p;
}
std::vector<FlagInfo> Flags() {
  Params p;
  return DeclareFlags(p).Describe();
}
OrderedJson ToJson(const Params& p) {
  return OrderedJson{{"word", p.word}};
}
std::string Usage() {
  return "usage: mig plain -word W";
}
std::vector<std::string> Print(const ModuleResult& r, bool found_only) {
  if (found_only && !r.found_anything) return {};
  return {r.elements.is_object() ? r.elements.value("word", std::string("?")) : "no elements"};
}
ModuleResult Failure(const std::string& message) {
  ModuleResult r = ErrorOnlyResult(message);
  r.statistics = OrderedJson{{"shape", "plain"}};
  return r;
}
void Mask(ModuleResult& r) {
  if (r.elements.is_object()) r.elements["word"] = "masked";
}

struct PlainSpec {
  static constexpr std::string_view kName = "plain";
  static constexpr ModuleKind kKind = ModuleKind::kRespond;
  using Params = modules::Params;
  static constexpr auto Decode = &modules::Decode;
  static constexpr auto Validate = &modules::Validate;
  static constexpr auto ParseArgs = &modules::ParseArgs;
  static constexpr auto Flags = &modules::Flags;
  static constexpr auto ToJson = &modules::ToJson;
  static constexpr auto Usage = &modules::Usage;
  static constexpr auto Print = &modules::Print;
  static constexpr auto Failure = &modules::Failure;
  static constexpr auto Mask = &modules::Mask;
};

ModuleResult RunPlain(const Params& p) {
  ++engine_calls;
  ModuleResult r;
  r.success = true;
  r.found_anything = true;
  r.elements = OrderedJson{{"word", p.word}};
  return r;
}

// Validation settles the word's length; the engine receives it.
Result<size_t> ValidateLength(const Params& p) {
  if (Status st = Validate(p); !st) return st;
  return p.word.size();
}
struct SettledSpec : PlainSpec {
  static constexpr std::string_view kName = "settled";
  static constexpr ModuleKind kKind = ModuleKind::kInvestigate;
  static constexpr auto Validate = &ValidateLength;
};
ModuleResult RunSettled(const Params& p, const size_t& length) {
  ModuleResult r = RunPlain(p);
  r.elements["length"] = length;
  return r;
}

// A spec registered with no engine, as every module is in `mig`.
struct NoEngineSpec : PlainSpec {
  static constexpr std::string_view kName = "noengine";
};

}  // namespace
}  // namespace mig::modules

MIG_REGISTER_MODULE_SPEC(::mig::modules::PlainSpec)
MIG_REGISTER_MODULE_ENGINE(::mig::modules::PlainSpec, ::mig::modules::RunPlain)
MIG_REGISTER_MODULE_SPEC(::mig::modules::SettledSpec)
MIG_REGISTER_MODULE_ENGINE(::mig::modules::SettledSpec, ::mig::modules::RunSettled)
MIG_REGISTER_MODULE_SPEC(::mig::modules::NoEngineSpec)

namespace mig::modules {
namespace {

TEST(ModuleAdapter, RegistersUnderTheSpecsNameWithItsKind) {
  auto plain = CreateModule("plain");
  ASSERT_NE(plain, nullptr);
  EXPECT_EQ(plain->Name(), "plain");
  EXPECT_EQ(plain->Kind(), ModuleKind::kRespond);
  EXPECT_EQ(KindName(plain->Kind()), "respond");
  auto settled = CreateModule("settled");
  ASSERT_NE(settled, nullptr);
  EXPECT_EQ(KindName(settled->Kind()), "investigate");
  EXPECT_EQ(plain->Usage(), "usage: mig plain -word W");
}

TEST(ModuleAdapter, BadParametersGetTheFailureShapeAndNeverReachTheEngine) {
  auto m = CreateModule("plain");
  const int before = engine_calls;
  for (const char* bad : {R"("word")", R"({"word":7})", R"({"word":""})", R"({"word":"ninechars"})",
                          R"([{"word":"a"}])"}) {
    const ModuleResult r = m->Run(Json::parse(bad));
    EXPECT_FALSE(r.success) << bad;
    ASSERT_EQ(r.errors.size(), 1u) << bad;
    EXPECT_EQ(r.statistics, (OrderedJson{{"shape", "plain"}})) << bad;
  }
  EXPECT_EQ(engine_calls, before);
  const ModuleResult ok = m->Run(Json::parse(R"({"WORD":"hi"})"));
  EXPECT_TRUE(ok.success);
  EXPECT_EQ(ok.elements.value("word", ""), "hi");
  EXPECT_EQ(engine_calls, before + 1);
}

TEST(ModuleAdapter, WhatValidationSettlesReachesTheEngine) {
  const ModuleResult r = CreateModule("settled")->Run(Json::parse(R"({"word":"four"})"));
  ASSERT_TRUE(r.success);
  EXPECT_EQ(r.elements.value("length", 0), 4);
  const ModuleResult bad = CreateModule("settled")->Run(Json::parse(R"({"word":""})"));
  EXPECT_EQ(bad.errors, std::vector<std::string>{"word must be 1 to 8 characters"});
}

TEST(ModuleAdapter, WithoutItsEngineAModuleRefusesToRun) {
  auto m = CreateModule("noengine");
  ASSERT_NE(m, nullptr);
  const int before = engine_calls;
  const ModuleResult r = m->Run(Json::parse(R"({"word":"hi"})"));
  EXPECT_FALSE(r.success);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].find("engine is not linked"), std::string::npos) << r.errors[0];
  EXPECT_EQ(engine_calls, before);
  // Everything else works without the engine, as in `mig`.
  auto params = m->ParametersFromArgs({"-word", "hi"});
  ASSERT_TRUE(params) << params.error();
  EXPECT_EQ(params->dump(), R"({"word":"hi"})");
}

TEST(ModuleAdapter, ArgumentsAreParsedThenValidated) {
  auto m = CreateModule("plain");
  EXPECT_EQ(m->ParametersFromArgs({"-word", "ninechars"}).error(),
            "word must be 1 to 8 characters");
  EXPECT_EQ(m->ParametersFromArgs({"-what"}).error(),
            "flag provided but not defined: -what (see mig plain help)");
  EXPECT_EQ(CreateModule("settled")->ParametersFromArgs({"-word", ""}).error(),
            "word must be 1 to 8 characters");
}

TEST(ModuleAdapter, PrintAndPrivacyComeFromTheSpec) {
  auto m = CreateModule("plain");
  ModuleResult r = m->Run(Json::parse(R"({"word":"secret"})"));
  EXPECT_EQ(m->Print(r, false), std::vector<std::string>{"secret"});
  m->ApplyPrivacy(r);
  EXPECT_EQ(m->Print(r, true), std::vector<std::string>{"masked"});
}

}  // namespace
}  // namespace mig::modules
