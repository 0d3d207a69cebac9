#include "api/body_policy.h"

#include <cctype>

namespace mig::api {
namespace {

bool IsIdentity(const std::string& coding) {
  std::string lower;
  for (char c : coding) {
    if (c != ' ' && c != '\t')
      lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return lower.empty() || lower == "identity";
}

}  // namespace

std::optional<BodyRefusal> RefuseBody(const std::string& transfer_encoding,
                                      const std::string& content_encoding,
                                      const std::string& content_length, size_t max_bytes) {
  if (!transfer_encoding.empty())
    return BodyRefusal{411, "Transfer-Encoding '" + transfer_encoding +
                                "' is not accepted: send the body with a Content-Length"};
  if (!IsIdentity(content_encoding))
    return BodyRefusal{415, "Content-Encoding '" + content_encoding +
                                "' is not accepted: send the body uncompressed"};
  if (!content_length.empty()) {
    bool digits = content_length.size() <= 19;
    for (char c : content_length)
      digits = digits && std::isdigit(static_cast<unsigned char>(c));
    if (!digits) return BodyRefusal{400, "malformed Content-Length '" + content_length + "'"};
    if (std::stoull(content_length) > max_bytes)
      return BodyRefusal{413, "request body exceeds the limit of " + std::to_string(max_bytes) +
                                  " bytes (server.maxbodybytes)"};
  }
  return std::nullopt;
}

}  // namespace mig::api
