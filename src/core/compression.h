// Compressed operation parameters (protocol.md 2.2): the parameters become
// the string base64(gzip(json)) and is_compressed is set. Compression happens
// before signing; agents verify first, then decompress.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/documents.h"
#include "core/gojson.h"
#include "core/status.h"

namespace mig {

// Inflated parameters larger than this are refused (a zip bomb stops here).
inline constexpr size_t kMaxDecompressedParameters = 16 * 1024 * 1024;

// base64 (standard, padded) of a gzip stream of the Go encoding of params.
std::string CompressParameters(const Json& params);

// The reverse, refusing output over max_bytes and anything that is not
// base64 of a gzip stream of one JSON document.
Result<Json> DecompressParameters(std::string_view base64,
                                  size_t max_bytes = kMaxDecompressedParameters);

// In place: no-op when already compressed.
void CompressOperation(Operation& op);
// In place: no-op when not compressed; clears is_compressed on success and
// leaves op untouched on error.
Status DecompressOperation(Operation& op, size_t max_bytes = kMaxDecompressedParameters);

}  // namespace mig
