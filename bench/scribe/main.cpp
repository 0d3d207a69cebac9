// bench_scribe: how long an agent takes to evaluate a package policy of
// thousands of tests against the host's real package database (reading the
// database included), and, in the same run, how long dpkg's own tools take
// over the same database (docs/performance.md).
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "core/documents.h"
#include "modules/scribe/engine/scribe_engine.h"
#include "modules/scribe/engine/system_packages.h"
#include "modules/scribe/params.h"

namespace {

using Clock = std::chrono::steady_clock;
using mig::Json;
using mig::modules::scribe::PackageInventory;

double Seconds(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// A "fixed in" version near the installed one: the installed version with
// "+1" (the host is older: vulnerable), the installed version itself (not
// older), or an older epoch-less one.
std::string FixedVersion(const std::string& installed, size_t i) {
  switch (i % 3) {
    case 0:
      return installed + "+1";
    case 1:
      return installed;
    default:
      return "0.1";
  }
}

// {"scribedoc": ...} with one object per package and `tests` evr "<" tests
// spread over them, as a converted vulnerability feed looks.
Json MakePolicy(const PackageInventory& inventory, size_t tests) {
  Json objects = Json::array(), list = Json::array();
  const auto& pkgs = inventory.packages;
  for (size_t i = 0; i < pkgs.size(); ++i)
    objects.push_back(
        {{"object", "pkg" + std::to_string(i)}, {"package", {{"name", pkgs[i].name}}}});
  for (size_t t = 0; t < tests; ++t) {
    const size_t i = t % pkgs.size();
    list.push_back(
        {{"test", "t" + std::to_string(t)},
         {"object", "pkg" + std::to_string(i)},
         {"evr", {{"operation", "<"}, {"value", FixedVersion(pkgs[i].version, t / pkgs.size())}}},
         {"tags",
          Json::array({{{"key", "cve"}, {"value", "CVE-2026-" + std::to_string(10000 + t)}}})}});
  }
  return {{"scribedoc", {{"objects", objects}, {"tests", list}}}, {"onlytrue", true}};
}

double TimeCommand(const std::string& command, int repeat) {
  double best = 1e9;
  for (int r = 0; r < repeat; ++r) {
    const auto start = Clock::now();
    const int rc = std::system(command.c_str());
    best = std::min(best, Seconds(start));
    if (rc != 0) std::fprintf(stderr, "warning: `%s` exited with %d\n", command.c_str(), rc);
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  size_t tests = 5000;
  int repeat = 5;
  std::string policy_out;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--tests") tests = std::stoul(argv[i + 1]);
    if (flag == "--repeat") repeat = std::stoi(argv[i + 1]);
    if (flag == "--policy-out") policy_out = argv[i + 1];
  }
  const PackageInventory inventory = mig::modules::scribe::SystemPackages();
  if (inventory.packages.empty()) {
    std::fprintf(stderr, "no installed package found (dpkg or RPM): nothing to measure\n");
    return 1;
  }
  const Json params_json = MakePolicy(inventory, tests);
  if (!policy_out.empty()) std::ofstream(policy_out) << params_json["scribedoc"].dump(1);

  double best = 1e9, sum = 0;
  size_t vulnerable = 0;
  for (int r = 0; r < repeat; ++r) {
    const auto start = Clock::now();
    auto params = mig::modules::scribe::DecodeParameters(params_json);
    if (!params || !mig::modules::scribe::ValidateParameters(*params)) {
      std::fprintf(stderr, "the generated policy does not validate\n");
      return 1;
    }
    // The inventory is read inside, as the module reads it on every run.
    const auto result =
        mig::modules::scribe::EvaluateDocument(*params, mig::modules::scribe::SystemPackages);
    const double s = Seconds(start);
    best = std::min(best, s);
    sum += s;
    vulnerable = result.elements["results"].size();
  }
  std::printf("packages in the database: %zu\n", inventory.packages.size());
  std::printf("policy: %zu objects, %zu evr '<' tests (-onlytrue)\n", inventory.packages.size(),
              tests);
  std::printf(
      "scribe: decode + validate + read database + evaluate: best %.1f ms, mean %.1f ms "
      "(%d runs); %zu tests true\n",
      best * 1e3, sum / repeat * 1e3, repeat, vulnerable);

  const double query = TimeCommand("dpkg-query -W > /dev/null 2>&1", repeat);
  std::printf("reference: `dpkg-query -W` (list the same database): best %.1f ms\n", query * 1e3);
  // dpkg's own comparison, one process per test: a sample of 200, scaled.
  std::string loop;
  const size_t sample = std::min<size_t>(200, tests);
  for (size_t t = 0; t < sample; ++t) {
    const auto& p = inventory.packages[t % inventory.packages.size()];
    loop += "dpkg --compare-versions '" + p.version + "' lt '" +
            FixedVersion(p.version, t / inventory.packages.size()) + "';";
  }
  const double cmp = TimeCommand("sh -c \"" + loop + "\" >/dev/null 2>&1", 1);
  std::printf(
      "reference: `dpkg --compare-versions` in a shell loop: %.1f ms for %zu, so about "
      "%.0f ms for %zu tests\n",
      cmp * 1e3, sample, cmp / static_cast<double>(sample) * static_cast<double>(tests) * 1e3,
      tests);
  std::printf(
      "rerun: build/release/bench/scribe/bench_scribe --tests %zu --repeat %d; "
      "hyperfine 'dpkg-query -W'\n",
      tests, repeat);
  return 0;
}
