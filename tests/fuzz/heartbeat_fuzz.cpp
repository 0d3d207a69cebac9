// Heartbeats in both formats (core/documents_json.h): the legacy lowercase
// agent document the scheduler reads from the relay (ParseAgent, with the
// 100 kB cap of scheduler/ingest.cpp) and the camelCase one mig-api reads on
// POST /heartbeat (ParseHeartbeat). Every input is tried as both.
//
// Properties, for any input a reader accepts:
// * its writer's document is accepted again and written the same (fixed
//   point), and every field the writer carries is kept.
#include <string>

#include "core/documents_json.h"
#include "fuzz_support.h"

namespace {

constexpr size_t kMaxHeartbeatBytes = 100u << 10;  // scheduler/ingest.cpp

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text = mig::fuzz::AsText(data, size);

  if (auto agent = mig::ParseAgent(text, kMaxHeartbeatBytes)) {
    const std::string written = mig::WriteAgent(*agent);
    auto again = mig::ParseAgent(written);
    if (!again) {
      mig::fuzz::Violation(__FILE__, __LINE__, "own agent writing unreadable", written,
                           again.error());
    }
    MIG_FUZZ_CHECK_EQ(mig::WriteAgent(*again), written, "agent writing is not a fixed point");
    MIG_FUZZ_CHECK(again->tags == agent->tags, "agent tags changed");
    MIG_FUZZ_CHECK(again->pid == agent->pid && again->id == agent->id, "agent pid or id changed");
  }

  if (auto heartbeat = mig::ParseHeartbeat(text)) {
    const std::string written = mig::WriteHeartbeat(*heartbeat);
    auto again = mig::ParseHeartbeat(written);
    if (!again) {
      mig::fuzz::Violation(__FILE__, __LINE__, "own heartbeat writing unreadable", written,
                           again.error());
    }
    MIG_FUZZ_CHECK_EQ(mig::WriteHeartbeat(*again), written,
                      "heartbeat writing is not a fixed point");
    MIG_FUZZ_CHECK(again->tags == heartbeat->tags, "heartbeat tags changed");
  }
  return 0;
}
