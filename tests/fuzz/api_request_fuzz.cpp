// What mig-api decides from a request's head before routing it: the
// redirect of an unclean path (api/clean_path.h, issue 14), the body policy
// (api/body_policy.h, issue 13 finding 2) and the client address taken from
// X-Forwarded-For (api/client_ip.h). The input is split at newlines into the
// request target, then the Transfer-Encoding, Content-Encoding,
// Content-Length and X-Forwarded-For values.
//
// Properties, for any input:
// * CleanPath gives a rooted path without empty, "." or ".." segments, and
//   cleaning it again changes nothing;
// * a redirect's Location is clean (no redirect loop) and keeps the query;
// * RefuseBody's verdict is the policy's: 411 for any Transfer-Encoding, 415
//   for a coding other than identity, 400 for a Content-Length that is not
//   1 to 19 digits, 413 above the limit, none otherwise;
// * ClientIp answers "0.0.0.0" or an address that is one of the trimmed
//   X-Forwarded-For entries.
#include <arpa/inet.h>

#include <charconv>
#include <optional>
#include <string>

#include "api/body_policy.h"
#include "api/clean_path.h"
#include "api/client_ip.h"
#include "fuzz_support.h"

namespace {

void CheckPath(const std::string& target) {
  const std::string path = target.substr(0, target.find('?'));
  const std::string clean = mig::api::CleanPath(path);
  MIG_FUZZ_CHECK(clean.starts_with("/"), "clean path is not rooted");
  MIG_FUZZ_CHECK(clean.find("//") == std::string::npos, "clean path has an empty segment");
  const std::string slashed = clean + (clean.ends_with("/") ? "" : "/");
  MIG_FUZZ_CHECK(slashed.find("/./") == std::string::npos, "clean path has a '.' segment");
  MIG_FUZZ_CHECK(slashed.find("/../") == std::string::npos, "clean path has a '..' segment");
  MIG_FUZZ_CHECK_EQ(mig::api::CleanPath(clean), clean, "cleaning is not idempotent");

  const std::string location = mig::api::CleanRedirect(target);
  if (location.empty()) {
    MIG_FUZZ_CHECK_EQ(clean, path, "an unclean path is not redirected");
    return;
  }
  MIG_FUZZ_CHECK_EQ(mig::api::CleanRedirect(location), "", "redirect loop");
  const size_t q = target.find('?');
  if (q != std::string::npos) {
    MIG_FUZZ_CHECK(location.ends_with(target.substr(q)), "redirect lost the query");
  }
}

int ExpectedRefusal(const std::string& te, const std::string& ce, const std::string& cl,
                    size_t max) {
  if (!te.empty()) return 411;
  std::string coding;
  for (char c : ce) {
    if (c == ' ' || c == '\t') continue;
    coding += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  if (!coding.empty() && coding != "identity") return 415;
  if (cl.empty()) return 0;
  uint64_t n = 0;
  const auto [end, ec] = std::from_chars(cl.data(), cl.data() + cl.size(), n);
  if (cl.size() > 19 || ec != std::errc() || end != cl.data() + cl.size() || cl[0] == '+' ||
      cl[0] == '-') {
    return 400;
  }
  return n > max ? 413 : 0;
}

void CheckBody(const std::string& te, const std::string& ce, const std::string& cl) {
  for (size_t max : {size_t{0}, size_t{1} << 20, SIZE_MAX}) {
    const auto refusal = mig::api::RefuseBody(te, ce, cl, max);
    const int expected = ExpectedRefusal(te, ce, cl, max);
    const int got = refusal ? refusal->http_status : 0;
    if (got != expected) {
      mig::fuzz::Violation(__FILE__, __LINE__, "body policy verdict",
                           te + "|" + ce + "|" + cl + " max " + std::to_string(max),
                           std::to_string(got) + " instead of " + std::to_string(expected));
    }
  }
}

std::string TrimSpace(std::string s) {
  const char* kSpace = " \t\n\v\f\r";
  const size_t b = s.find_first_not_of(kSpace);
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(kSpace) - b + 1);
}

void CheckClientIp(const std::string& forwarded_for) {
  for (const char* mode : {"x-forwarded-for:0", "x-forwarded-for:1", "x-forwarded-for:7"}) {
    const std::string ip = mig::api::ClientIp(mode, "192.0.2.1", forwarded_for);
    if (ip == "0.0.0.0") continue;
    unsigned char buf[16];
    MIG_FUZZ_CHECK(
        inet_pton(AF_INET, ip.c_str(), buf) == 1 || inet_pton(AF_INET6, ip.c_str(), buf) == 1,
        "client address is not an address");
    bool listed = false;
    size_t start = 0;
    for (;;) {
      const size_t comma = forwarded_for.find(',', start);
      listed = listed || TrimSpace(forwarded_for.substr(start, comma - start)) == ip;
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    MIG_FUZZ_CHECK(listed, "client address not taken from X-Forwarded-For");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in = mig::fuzz::AsText(data, size);
  const std::string target(mig::fuzz::TakeField(in, '\n'));
  const std::string te(mig::fuzz::TakeField(in, '\n'));
  const std::string ce(mig::fuzz::TakeField(in, '\n'));
  const std::string cl(mig::fuzz::TakeField(in, '\n'));
  const std::string forwarded_for(in);
  CheckPath(target);
  CheckBody(te, ce, cl);
  CheckClientIp(forwarded_for);
  return 0;
}
