// Module results, on both of their untrusted paths:
// * the scheduler's ingest of a returned command (scheduler/ingest.cpp: at
//   least 10 bytes from '{' to '}', ParseCommand capped at 64 MB), whose
//   results it stores as JSON text (store/json_columns.h ResultsToJson) and
//   reads back when the API serves them (ResultsFromJson);
// * the agent's reading of a module child's output (agent/module_launcher.cpp:
//   ParseGoJson, then ModuleResultFromJson), a child that may be hijacked.
//
// Properties, for any input accepted on a path:
// * results stored and read back are the same results (compared through
//   WriteModuleResult, the Go encoding that travels on);
// * a module result written and read again is the same (fixed point).
#include <string>

#include "core/documents_json.h"
#include "fuzz_support.h"
#include "store/json_columns.h"

namespace {

constexpr size_t kMaxResultBytes = 64u << 20;  // scheduler/ingest.cpp

void CheckIngest(const std::string& body) {
  if (body.size() < 10 || body.front() != '{' || body.back() != '}') return;
  auto command = mig::ParseCommand(body, kMaxResultBytes);
  if (!command) return;
  const std::string stored = mig::store::ResultsToJson(command->results);
  auto loaded = mig::store::ResultsFromJson(stored);
  if (!loaded) {
    mig::fuzz::Violation(__FILE__, __LINE__, "stored results unreadable", stored, loaded.error());
  }
  MIG_FUZZ_CHECK(loaded->size() == command->results.size(), "stored results lost");
  for (size_t i = 0; i < loaded->size(); ++i) {
    MIG_FUZZ_CHECK_EQ(mig::WriteModuleResult((*loaded)[i]),
                      mig::WriteModuleResult(command->results[i]),
                      "result changed by the store's JSON column");
  }
}

void CheckModuleOutput(std::string_view output) {
  auto doc = mig::ParseGoJson(output);
  if (!doc) return;
  auto result = mig::ModuleResultFromJson(*doc);
  if (!result) return;
  const std::string written = mig::WriteModuleResult(*result);
  auto doc_again = mig::ParseGoJson(written);
  if (!doc_again) {
    mig::fuzz::Violation(__FILE__, __LINE__, "own result writing unreadable", written,
                         doc_again.error());
  }
  auto again = mig::ModuleResultFromJson(*doc_again);
  if (!again) {
    mig::fuzz::Violation(__FILE__, __LINE__, "own result writing refused", written, again.error());
  }
  MIG_FUZZ_CHECK_EQ(mig::WriteModuleResult(*again), written, "result writing is not a fixed point");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text = mig::fuzz::AsText(data, size);
  CheckIngest(std::string(text));
  CheckModuleOutput(text);
  return 0;
}
