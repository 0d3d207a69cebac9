#include <gtest/gtest.h>

#include <algorithm>

#include "modules/persistent.h"

namespace mig::modules {
namespace {

class Idle final : public PersistentModule {
 public:
  std::string_view Name() const override { return "idle"; }
  Status Configure(const Json&, const PersistentHost&) override { return Status::Ok(); }
  Status Run(std::stop_token, PersistentOutput&) override { return Status::Ok(); }
  ModuleResult Query(const Json&) override { return {}; }
};

TEST(PersistentRegistry, CreatesWhatWasRegistered) {
  ASSERT_TRUE(
      RegisterPersistentModule("registry_test_once", [] { return std::make_unique<Idle>(); }));
  auto module = CreatePersistentModule("registry_test_once");
  ASSERT_NE(module, nullptr);
  EXPECT_EQ(module->Name(), "idle");
  auto names = PersistentModuleNames();
  EXPECT_TRUE(std::ranges::find(names, "registry_test_once") != names.end());
  EXPECT_EQ(CreatePersistentModule("registry_test_never"), nullptr);
}

TEST(PersistentRegistry, ADuplicateNameDisablesBothRegistrations) {
  ASSERT_TRUE(
      RegisterPersistentModule("registry_test_twice", [] { return std::make_unique<Idle>(); }));
  EXPECT_FALSE(
      RegisterPersistentModule("registry_test_twice", [] { return std::make_unique<Idle>(); }));
  EXPECT_EQ(CreatePersistentModule("registry_test_twice"), nullptr);
  // A third registration cannot revive the name either.
  EXPECT_FALSE(
      RegisterPersistentModule("registry_test_twice", [] { return std::make_unique<Idle>(); }));
  EXPECT_EQ(CreatePersistentModule("registry_test_twice"), nullptr);
}

}  // namespace
}  // namespace mig::modules
