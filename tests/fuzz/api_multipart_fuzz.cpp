// mig-api's multipart/form-data reader (api/http/message.h ParseMultipart),
// used for the action and investigator forms. The input's first line is
// the Content-Type header value, the rest the body.
//
// Properties, for any input:
// * the reader returns without reading outside the body;
// * parts it accepts, written again as multipart/form-data (quoted name and
//   filename, their Content-Type, a boundary absent from their contents),
//   read back as the same parts in the same order. Parts whose name or
//   filename holds a '"' or a line break cannot be written back quoted and
//   are left out of this check.
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "api/http/message.h"
#include "fuzz_support.h"

namespace {

using mig::api::http::FormPart;
using Parts = std::multimap<std::string, FormPart>;
using Flat = std::vector<std::tuple<std::string, std::string, std::string, std::string>>;

Flat Flatten(const Parts& parts) {
  Flat out;
  for (const auto& [name, p] : parts)
    out.emplace_back(name, p.filename, p.content_type, p.content);
  return out;
}

bool Quotable(const std::string& s) {
  return s.find_first_of("\"\r\n") == std::string::npos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in = mig::fuzz::AsText(data, size);
  const std::string content_type(mig::fuzz::TakeField(in, '\n'));
  const std::string body(in);
  Parts parts;
  if (!mig::api::http::ParseMultipart(content_type, body, parts)) return 0;

  const std::string boundary = "mig-fuzz-7d1c0a";
  std::string again_body;
  for (const auto& [name, p] : parts) {
    if (!Quotable(name) || !Quotable(p.filename) ||
        p.content_type.find_first_of("\r\n") != std::string::npos) {
      return 0;
    }
    if (p.content.find(boundary) != std::string::npos) return 0;
    again_body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"";
    if (!p.filename.empty()) again_body += "; filename=\"" + p.filename + "\"";
    if (!p.content_type.empty()) again_body += "\r\nContent-Type: " + p.content_type;
    again_body += "\r\n\r\n" + p.content + "\r\n";
  }
  again_body += "--" + boundary + "--\r\n";
  Parts again;
  if (!mig::api::http::ParseMultipart("multipart/form-data; boundary=" + boundary, again_body,
                                      again)) {
    mig::fuzz::Violation(__FILE__, __LINE__, "own multipart body unreadable", again_body);
  }
  if (Flatten(again) != Flatten(parts)) {
    mig::fuzz::Violation(__FILE__, __LINE__, "multipart round trip changed the parts",
                         std::string(mig::fuzz::AsText(data, size)), again_body);
  }
  return 0;
}
