// Command documents (core/documents_json.h ParseCommand): what an agent
// reads from its relay queue, and what the scheduler reads back as a result.
//
// Properties, for any input the reader accepts:
// * WriteCommand's document is accepted again and written the same (fixed
//   point);
// * the embedded action's signed string survives the round trip, so the
//   agent verifies the signature over what the investigator signed;
// * the embedded agent and module results survive it too (compared through
//   their own writers).
#include <string>

#include "core/documents_json.h"
#include "core/signed_string.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto command = mig::ParseCommand(mig::fuzz::AsText(data, size));
  if (!command) return 0;

  const std::string written = mig::WriteCommand(*command);
  auto again = mig::ParseCommand(written);
  if (!again) {
    mig::fuzz::Violation(__FILE__, __LINE__, "own writing unreadable", written, again.error());
  }
  MIG_FUZZ_CHECK_EQ(mig::WriteCommand(*again), written, "writing is not a fixed point");
  MIG_FUZZ_CHECK(again->id == command->id, "command id changed");
  MIG_FUZZ_CHECK_EQ(mig::SignedString(again->action), mig::SignedString(command->action),
                    "signed string changed by a round trip");
  MIG_FUZZ_CHECK_EQ(mig::WriteAgent(again->agent), mig::WriteAgent(command->agent),
                    "agent changed by a round trip");
  MIG_FUZZ_CHECK(again->results.size() == command->results.size(), "results lost");
  for (size_t i = 0; i < command->results.size(); ++i) {
    MIG_FUZZ_CHECK_EQ(mig::WriteModuleResult(again->results[i]),
                      mig::WriteModuleResult(command->results[i]), "result changed");
  }
  return 0;
}
