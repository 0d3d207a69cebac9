// Action documents (core/documents_json.h ParseAction): what mig-api takes
// from investigators and what agents receive inside commands.
//
// Properties, for any input the reader accepts:
// * WriteAction's document is accepted again and written the same (fixed
//   point), so an action stored and re-sent by the API reads the same;
// * the signed string of the action read back equals the original one: a
//   signature made over what was submitted still verifies on what agents get;
// * ValidateAction gives the same verdict on both;
// * compressed parameters either decompress to JSON that compresses and
//   decompresses to the same value, or are refused without a crash.
#include <string>

#include "core/action_validation.h"
#include "core/compression.h"
#include "core/documents_json.h"
#include "core/signed_string.h"
#include "fuzz_support.h"

namespace {

// Small enough that a fuzzed gzip bomb costs little.
constexpr size_t kMaxInflated = 1 << 20;

void CheckCompressed(const mig::Operation& op) {
  if (!op.is_compressed) return;
  mig::Operation plain = op;
  if (!mig::DecompressOperation(plain, kMaxInflated).ok()) {
    MIG_FUZZ_CHECK(plain.is_compressed, "a failed decompression changed the operation");
    return;
  }
  MIG_FUZZ_CHECK(!plain.is_compressed, "decompressed operation still marked compressed");
  auto back = mig::DecompressParameters(mig::CompressParameters(plain.parameters), kMaxInflated);
  MIG_FUZZ_CHECK(back.ok(), "own compression unreadable");
  MIG_FUZZ_CHECK_EQ(mig::GoJsonEncode(*back), mig::GoJsonEncode(plain.parameters),
                    "compression round trip changed the parameters");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto action = mig::ParseAction(mig::fuzz::AsText(data, size));
  if (!action) return 0;

  const std::string written = mig::WriteAction(*action);
  auto again = mig::ParseAction(written);
  if (!again) {
    mig::fuzz::Violation(__FILE__, __LINE__, "own writing unreadable", written, again.error());
  }
  MIG_FUZZ_CHECK_EQ(mig::WriteAction(*again), written, "writing is not a fixed point");
  MIG_FUZZ_CHECK_EQ(mig::SignedString(*again), mig::SignedString(*action),
                    "signed string changed by a round trip");

  const mig::Time now = mig::Time::FromUnix(1'700'000'000);
  for (bool agent_side : {false, true}) {
    MIG_FUZZ_CHECK_EQ(mig::ValidateAction(*again, now, agent_side).message(),
                      mig::ValidateAction(*action, now, agent_side).message(),
                      "validation differs after a round trip");
  }
  if (action->operations) {
    for (const mig::Operation& op : *action->operations)
      CheckCompressed(op);
  }
  return 0;
}
