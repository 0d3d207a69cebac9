#include "core/pgp/one_line.h"

#include <gtest/gtest.h>

namespace mig::pgp {
namespace {

const std::string kPackets("\xc2\xc0\x5c\x04\x00\x01\x08\x00\x10\x05\x02", 11);

TEST(OneLine, EncodeThenDecodeGivesTheBytesBack) {
  const std::string line = EncodeOneLine(kPackets);
  EXPECT_EQ(line.substr(0, 4), "wsBc");  // Go's signatures start with "ws"
  auto decoded = DecodeOneLine(line);
  ASSERT_TRUE(decoded.ok()) << decoded.error();
  EXPECT_EQ(*decoded, kPackets);
}

TEST(OneLine, ChecksumIsCrc24OfThePackets) {
  // RFC 4880's CRC-24 of an empty input is its initial value 0xB704CE = "twTO".
  EXPECT_EQ(EncodeOneLine(""), "=twTO");
  EXPECT_EQ(EncodeOneLine("a").substr(EncodeOneLine("a").rfind('=') + 1).size(), 4u);
}

TEST(OneLine, WrongChecksumStillDecodesLikeMig) {
  std::string line = EncodeOneLine(kPackets);
  line.replace(line.size() - 4, 4, "AAAA");
  auto decoded = DecodeOneLine(line);
  ASSERT_TRUE(decoded.ok()) << decoded.error();
  EXPECT_EQ(*decoded, kPackets);
}

TEST(OneLine, MissingChecksumWithPaddingStillDecodes) {
  const std::string padded = EncodeOneLine(std::string(kPackets.data(), 10));  // 10 bytes: "=="
  const std::string body_only = padded.substr(0, padded.rfind('=') + 1 - 1);
  ASSERT_EQ(body_only.back(), '=');
  auto decoded = DecodeOneLine(body_only);
  ASSERT_TRUE(decoded.ok()) << decoded.error();
  EXPECT_EQ(*decoded, std::string(kPackets.data(), 10));
}

TEST(OneLine, NoEqualsSignIsAnError) {
  auto decoded = DecodeOneLine("wsBcBAABCAAQBQJrAkw4");
  ASSERT_FALSE(decoded.ok());
  EXPECT_NE(decoded.error().find("checksum"), std::string::npos) << decoded.error();
}

TEST(OneLine, NonBase64CharacterIsAnError) {
  auto decoded = DecodeOneLine("wsBc*AAB=abcd");
  ASSERT_FALSE(decoded.ok());
  EXPECT_NE(decoded.error().find("'*'"), std::string::npos) << decoded.error();
}

TEST(OneLine, BodyOfImpossibleLengthIsTruncated) {
  auto decoded = DecodeOneLine("wsBcB=abcd");
  ASSERT_FALSE(decoded.ok());
  EXPECT_NE(decoded.error().find("truncated"), std::string::npos) << decoded.error();
}

TEST(OneLine, EmptyIsAnError) {
  EXPECT_FALSE(DecodeOneLine("  ").ok());
}

TEST(OneLine, ArmorToOneLineSkipsHeadersAndJoinsLines) {
  const std::string armor =
      "-----BEGIN PGP SIGNATURE-----\n"
      "Version: GnuPG v2\n"
      "Comment: test\n"
      "\n"
      "iQEzBAABCAAdFiEE\n"
      "abcd\n"
      "=gvMa\n"
      "-----END PGP SIGNATURE-----\n";
  auto line = ArmorToOneLine(armor);
  ASSERT_TRUE(line.ok()) << line.error();
  EXPECT_EQ(*line, "iQEzBAABCAAdFiEEabcd=gvMa");
}

TEST(OneLine, ArmorWithoutEndLineIsAnError) {
  auto line = ArmorToOneLine("-----BEGIN PGP SIGNATURE-----\n\nabcd\n");
  ASSERT_FALSE(line.ok());
  EXPECT_NE(line.error().find("END PGP SIGNATURE"), std::string::npos);
  EXPECT_FALSE(ArmorToOneLine("hello").ok());
}

TEST(OneLine, OneLineToArmorWrapsAt64AndSplitsAtLastEquals) {
  const std::string body(100, 'A');
  auto armor = OneLineToArmor(body + "==gvMa");
  ASSERT_TRUE(armor.ok()) << armor.error();
  EXPECT_EQ(*armor, "-----BEGIN PGP SIGNATURE-----\n\n" + std::string(64, 'A') + "\n" +
                        std::string(36, 'A') + "=\n=gvMa\n-----END PGP SIGNATURE-----\n");
  auto back = ArmorToOneLine(*armor);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, body + "==gvMa");
  EXPECT_FALSE(OneLineToArmor("abcd").ok());
}

}  // namespace
}  // namespace mig::pgp
