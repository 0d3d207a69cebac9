// mig-api's decoding of what clients send in request targets and bodies:
// application/x-www-form-urlencoded bodies (api/form.h ParseForm), query
// strings (api/http/message.h ParseQuery), %-escapes (FormDecode) and request
// paths (DecodePath).
//
// Properties, for any input:
// * FormDecode(FormEncode(x)) == x and DecodePath(PercentEncode(x)) == x;
// * text FormDecode accepts, re-encoded, decodes the same;
// * a form ParseForm accepts, re-encoded field by field, parses to the same
//   fields; a query ParseQuery reads whole does too, keeping repeated names
//   in order;
// * where ParseQuery reads every pair, ParseForm accepts the same text and
//   each of its fields is the first value of that name (what handlers get
//   from get_param_value);
// * DecodePath never makes a path longer.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "api/form.h"
#include "api/http/message.h"
#include "core/percent_encode.h"
#include "fuzz_support.h"

namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

template <typename Map>
std::string Encode(const Map& fields) {
  std::string out;
  for (const auto& [name, value] : fields) {
    if (!out.empty()) out += '&';
    out += mig::api::FormEncode(name) + "=" + mig::api::FormEncode(value);
  }
  return out;
}

Pairs AsPairs(const mig::api::http::Params& params) {
  return Pairs(params.begin(), params.end());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using mig::api::http::Params;
  const std::string text(mig::fuzz::AsText(data, size));

  auto plain = mig::api::FormDecode(mig::api::FormEncode(text));
  MIG_FUZZ_CHECK(plain.ok(), "own form encoding unreadable");
  MIG_FUZZ_CHECK_EQ(*plain, text, "form encoding round trip changed the text");
  MIG_FUZZ_CHECK_EQ(mig::api::http::DecodePath(mig::PercentEncode(text)), text,
                    "path encoding round trip changed the text");
  MIG_FUZZ_CHECK(mig::api::http::DecodePath(text).size() <= text.size(),
                 "DecodePath made the path longer");
  if (auto decoded = mig::api::FormDecode(text)) {
    auto again = mig::api::FormDecode(mig::api::FormEncode(*decoded));
    MIG_FUZZ_CHECK(again.ok() && *again == *decoded, "re-encoded text decodes differently");
  }

  auto form = mig::api::ParseForm(text);
  if (form) {
    const std::string encoded = Encode(*form);
    auto again = mig::api::ParseForm(encoded);
    if (!again) mig::fuzz::Violation(__FILE__, __LINE__, "own form unreadable", encoded);
    MIG_FUZZ_CHECK(*again == *form, "form round trip changed the fields");
  }

  Params params;
  if (mig::api::http::ParseQuery(text, params)) {
    MIG_FUZZ_CHECK(form.ok(), "ParseQuery reads what ParseForm refuses");
    for (const auto& [name, value] : *form) {
      MIG_FUZZ_CHECK(params.count(name) > 0, "form field missing from the query");
      MIG_FUZZ_CHECK_EQ(params.find(name)->second, value,
                        "get_param_value is not the form's first value");
    }
    MIG_FUZZ_CHECK(params.size() >= form->size(), "query lost fields");
    const std::string encoded = Encode(params);
    Params again;
    MIG_FUZZ_CHECK(mig::api::http::ParseQuery(encoded, again), "own query unreadable");
    MIG_FUZZ_CHECK(AsPairs(again) == AsPairs(params), "query round trip changed the params");
  }
  return 0;
}
