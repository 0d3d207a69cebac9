#include "core/compression.h"

#include <zlib.h>

#include "core/base64.h"

namespace mig {
namespace {

constexpr int kGzipWindowBits = 15 + 16;  // zlib: +16 selects the gzip wrapper

std::string Gzip(std::string_view data) {
  z_stream zs{};
  deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, kGzipWindowBits, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, static_cast<uLong>(data.size())) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);  // the buffer is deflateBound-sized: one call finishes
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

Result<std::string> Gunzip(std::string_view data, size_t max_bytes) {
  z_stream zs{};
  if (inflateInit2(&zs, kGzipWindowBits) != Z_OK) {
    return Result<std::string>::Error("cannot initialise gzip decompression");
  }
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char chunk[16384];
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    zs.next_out = reinterpret_cast<Bytef*>(chunk);
    zs.avail_out = sizeof chunk;
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&zs);
      const std::string why =
          zs.msg ? zs.msg : (rc == Z_BUF_ERROR ? "truncated stream" : "corrupt");
      return Result<std::string>::Error("invalid gzip data: " + why);
    }
    const size_t produced = sizeof chunk - zs.avail_out;
    if (out.size() + produced > max_bytes) {
      inflateEnd(&zs);
      return Result<std::string>::Error("decompressed parameters exceed the limit of " +
                                        std::to_string(max_bytes) + " bytes");
    }
    out.append(chunk, produced);
    if (rc == Z_OK && produced == 0 && zs.avail_in == 0) {
      inflateEnd(&zs);
      return Result<std::string>::Error("invalid gzip data: truncated stream");
    }
  }
  inflateEnd(&zs);
  return out;
}

}  // namespace

std::string CompressParameters(const Json& params) {
  return Base64Encode(Gzip(GoJsonEncode(params)));
}

Result<Json> DecompressParameters(std::string_view base64, size_t max_bytes) {
  auto gz = Base64Decode(base64);
  if (!gz) return gz.status().Context("compressed parameters");
  auto json = Gunzip(*gz, max_bytes);
  if (!json) return json.status().Context("compressed parameters");
  auto params = ParseGoJson(*json, max_bytes);
  if (!params) return params.status().Context("compressed parameters");
  return params;
}

void CompressOperation(Operation& op) {
  if (op.is_compressed) return;
  op.parameters = CompressParameters(op.parameters);
  op.is_compressed = true;
}

Status DecompressOperation(Operation& op, size_t max_bytes) {
  if (!op.is_compressed) return Status::Ok();
  if (!op.parameters.is_string()) {
    return Status::Error("operation " + op.module +
                         ": is_compressed is set but parameters is not a string");
  }
  auto params = DecompressParameters(op.parameters.get_ref<const std::string&>(), max_bytes);
  if (!params) return params.status().Context("operation " + op.module);
  op.parameters = std::move(*params);
  op.is_compressed = false;
  return Status::Ok();
}

}  // namespace mig
