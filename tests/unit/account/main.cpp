// unit_account's main: enters the private /etc (private_etc.h) before gtest
// starts any thread, when the tests to run need it.
#include <gtest/gtest.h>

#include <cstring>
#include <iostream>

#include "private_etc.h"

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (!::testing::GTEST_FLAG(list_tests)) {
    const std::string why = mig::test::EnterPrivateEtc();
    if (!why.empty()) std::cerr << "unit_account: system tests will skip: " << why << "\n";
  }
  return RUN_ALL_TESTS();
}
