// Which request bodies mig-api takes: only plain bytes announced by a
// Content-Length, so that the size limit is known before a byte is buffered.
// Chunked uploads and compressed bodies had no limit (issue 13, finding 2): a
// 1 GiB chunked body or a 1 MB gzip body inflating to 1 GiB was held whole in
// memory. MIG's clients and agents, and RabbitMQ's HTTP auth backend, send
// Content-Length bodies without Content-Encoding, so they lose nothing.
#pragma once

#include <optional>
#include <string>

namespace mig::api {

struct BodyRefusal {
  int http_status;
  std::string message;
};

// Why a request with these headers is refused before its body is read
// (411 for a Transfer-Encoding, 415 for a Content-Encoding other than
// identity, 413 for a Content-Length above max_bytes), or nullopt.
// Empty strings stand for absent headers.
std::optional<BodyRefusal> RefuseBody(const std::string& transfer_encoding,
                                      const std::string& content_encoding,
                                      const std::string& content_length, size_t max_bytes);

}  // namespace mig::api
