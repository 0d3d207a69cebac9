#include "core/compression.h"

#include <gtest/gtest.h>

#include <zlib.h>

#include "core/base64.h"
#include "core/documents_json.h"
#include "core/signed_string.h"

namespace mig {
namespace {

std::string GzipRaw(const std::string& data) {
  z_stream zs{};
  deflateInit2(&zs, 9, Z_DEFLATED, 31, 9, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, static_cast<uLong>(data.size())) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

TEST(Compression, VectorCDecodesWithGoGzip) {
  // protocol.md 3.3 vector C, produced by Go's gzip.
  auto params = DecompressParameters(
      "H4sIAAAAAAAA/6pWKk5NLErOSC1WsqpWKjYEkQWJJRnFSlbRSvqpJclKsbW1tYAAAAD//37aVR8mAAAA");
  ASSERT_TRUE(params.ok()) << params.error();
  EXPECT_TRUE(params->is_object());
  EXPECT_TRUE(params->contains("searches")) << params->dump();
}

TEST(Compression, RoundTripKeepsGoEncoding) {
  auto params = ParseGoJson(R"({"b":[1,2.5,"<x>"],"a":{"n":null}})");
  ASSERT_TRUE(params.ok());
  Operation op{"file", *params, false, true};
  CompressOperation(op);
  EXPECT_TRUE(op.is_compressed);
  ASSERT_TRUE(op.parameters.is_string());
  auto gz = Base64Decode(op.parameters.get<std::string>());
  ASSERT_TRUE(gz.ok());
  EXPECT_EQ(gz->substr(0, 2), "\x1f\x8b");  // a gzip stream
  CompressOperation(op);                    // already compressed: unchanged
  EXPECT_TRUE(op.parameters.is_string());

  Action a;
  a.operations = std::vector<Operation>{op};
  EXPECT_NE(SignedString(a).find(R"(,"is_compressed":true,"want_compressed":true})"),
            std::string::npos);

  ASSERT_TRUE(DecompressOperation(op).ok());
  EXPECT_FALSE(op.is_compressed);
  EXPECT_EQ(GoJsonEncode(op.parameters), R"({"a":{"n":null},"b":[1,2.5,"\u003cx\u003e"]})");
  EXPECT_TRUE(DecompressOperation(op).ok());  // not compressed: no-op
}

TEST(Compression, ZipBombStopsAtTheLimit) {
  const std::string huge = "[\"" + std::string(4 * 1024 * 1024, 'a') + "\"]";
  const std::string b64 = Base64Encode(GzipRaw(huge));
  EXPECT_LT(b64.size(), 20000u);
  auto r = DecompressParameters(b64, 1024 * 1024);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(),
            "compressed parameters: decompressed parameters exceed the limit of 1048576 bytes");
  EXPECT_TRUE(DecompressParameters(b64, 8 * 1024 * 1024).ok());
}

TEST(Compression, BadInputsGetClearErrors) {
  auto not_b64 = DecompressParameters("@@@@");
  ASSERT_FALSE(not_b64.ok());
  EXPECT_NE(not_b64.error().find("compressed parameters: invalid base64"), std::string::npos);

  auto not_gzip = DecompressParameters(Base64Encode("plain text, not gzip"));
  ASSERT_FALSE(not_gzip.ok());
  EXPECT_NE(not_gzip.error().find("compressed parameters: invalid gzip data"), std::string::npos)
      << not_gzip.error();

  const std::string gz = GzipRaw(R"({"a":1})");
  auto truncated = DecompressParameters(Base64Encode(gz.substr(0, gz.size() - 12)));
  ASSERT_FALSE(truncated.ok());
  EXPECT_NE(truncated.error().find("invalid gzip data"), std::string::npos) << truncated.error();

  auto not_json = DecompressParameters(Base64Encode(GzipRaw("{nope")));
  ASSERT_FALSE(not_json.ok());
  EXPECT_NE(not_json.error().find("compressed parameters: invalid JSON at byte 1"),
            std::string::npos)
      << not_json.error();

  Operation op{"file", Json::object(), true, false};
  const Status s = DecompressOperation(op);
  EXPECT_EQ(s.message(), "operation file: is_compressed is set but parameters is not a string");
  Operation bad{"file", "!!!!", true, false};
  EXPECT_FALSE(DecompressOperation(bad).ok());
  EXPECT_TRUE(bad.is_compressed);  // untouched on error
  EXPECT_EQ(bad.parameters, "!!!!");
}

TEST(Base64, EncodeDecode) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foo"), "Zm9v");
  EXPECT_EQ(Base64Encode("\xff\xfe"), "//4=");
  for (const std::string s : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
    auto d = Base64Decode(Base64Encode(s));
    ASSERT_TRUE(d.ok()) << s;
    EXPECT_EQ(*d, s);
  }
  EXPECT_FALSE(Base64Decode("Zg=").ok());
  EXPECT_FALSE(Base64Decode("Z===").ok());
  EXPECT_FALSE(Base64Decode("Zg=a").ok());
  EXPECT_FALSE(Base64Decode("Zg==Zg==").ok());
  EXPECT_EQ(Base64Decode("Zm9v\n").error(), "invalid base64: length 5 is not a multiple of 4");
  EXPECT_EQ(Base64Decode("Zm-v").error(), "invalid base64: unexpected character at offset 2");
}

}  // namespace
}  // namespace mig
