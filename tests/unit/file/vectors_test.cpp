// File-module test vectors of spec/modules/test-vectors.md 2.3-2.6.
#include <gtest/gtest.h>
#include <re2/re2.h>

#include <optional>

#include "file_tree.h"
#include "modules/registry.h"

namespace mig::test {
namespace {

struct Case {
  std::string id;
  Json search;                               // without paths unless the case gives them
  std::vector<std::string> in_root, in_sub;  // expected base names
  std::vector<std::string> allowed_errors;   // regexes; empty = the default rule
  bool no_errors = false;                    // "none"
  std::optional<size_t> count;               // "(n)"
};

class FileVectors : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { tree_ = new FileTree(); }
  static void TearDownTestSuite() {
    delete tree_;
    tree_ = nullptr;
  }
  static const FileTree& tree() { return *tree_; }

  void Check(const Case& c) {
    SCOPED_TRACE("case " + c.id);
    Json search = c.search;
    if (!search.contains("paths")) search["paths"] = Json::array({tree().root()});
    if (!search.contains("options")) search["options"] = Json::object();
    if (!search["options"].contains("matchall")) search["options"]["matchall"] = true;
    const ModuleResult r = RunFileSearch(search);
    EXPECT_TRUE(r.success) << (r.errors.empty() ? "" : r.errors[0]);
    const auto found = FoundFiles(r);
    if (c.count) {
      EXPECT_EQ(found.size(), *c.count);
    } else {
      std::vector<std::string> expected;
      for (const auto& n : c.in_root)
        expected.push_back(tree().root() + "/" + n);
      for (const auto& n : c.in_sub)
        expected.push_back(tree().sub() + "/" + n);
      std::sort(expected.begin(), expected.end());
      EXPECT_EQ(found, expected);
      EXPECT_EQ(r.found_anything, !expected.empty());
    }
    const bool has_depth = search["options"].value("maxdepth", 0.0) != 0;
    for (const auto& e : r.errors) {
      if (c.no_errors || (c.allowed_errors.empty() && has_depth)) {
        ADD_FAILURE() << "unexpected error: " << e;
        continue;
      }
      std::vector<std::string> allowed = c.allowed_errors;
      if (allowed.empty()) allowed.push_back("^ERROR: followSymLink\\(\\)");
      bool ok = false;
      for (const auto& a : allowed)
        ok = ok || RE2::PartialMatch(e, a);
      EXPECT_TRUE(ok) << "error not allowed: " << e;
    }
  }

  static FileTree* tree_;
};
FileTree* FileVectors::tree_ = nullptr;

const std::vector<std::string> k0to9 = {"testfile0", "testfile1", "testfile2", "testfile3",
                                        "testfile4", "testfile5", "testfile6", "testfile7",
                                        "testfile8", "testfile9"};

const char* kSha512_4 =
    "a4001843158a7a374e5ddcc22644c0e37738bc64ffd50179fc18fb443e0a62393b43384d9ac734e7a64c204e862ae3"
    "424094381afb33dfc639c52517afad1f32";
const char* kSha3_512_4 =
    "2028feaccf974066aa7c47070f24c72d349ed6a6575cb801cc606c4a2b59020af4339b60dbedd0049a7341edde1413"
    "3ee6f8b199f1a7c6ef36493fd217501607";

TEST_F(FileVectors, ContentCases1To11) {
  const std::string h1 = "^--- header for first file ---$";
  Check({"1", {{"contents", {h1}}}, {"testfile0", "testfile9"}, {"testfile0", "testfile9"}});
  Check({"2", {{"contents", {h1}}, {"paths", {tree().root() + "/testfile0"}}}, {"testfile0"}, {}});
  Check({"3", {{"contents", {h1}}, {"paths", {tree().root() + "/testfile9"}}}, {"testfile0"}, {}});
  Check({"4", {{"contents", {"^--- header for second file ---$"}}}, {"testfile1"}, {"testfile1"}});
  Check({"5", {{"contents", {"skZ0"}}}, {"testfile2"}, {"testfile2"}});
  Check({"6", {{"contents", {"^--- header for fourth file ---$"}}}, {"testfile3"}, {"testfile3"}});
  Check({"7", {{"contents", {"^--- header for fifth file ---$"}}}, {"testfile4"}, {"testfile4"}});
  Check({"8", {{"contents", {"^--- header for sixth file ---$"}}}, {"testfile5"}, {"testfile5"}});
  Check({"9", {{"contents", {"KO3B"}}}, {"testfile6"}, {"testfile6"}});
  Check({"10", {{"contents", {"t6Pl"}}}, {"testfile7"}, {"testfile7"}});
  Check({"11", {{"contents", {",'XL"}}}, {"testfile8"}, {"testfile8"}});
}

TEST_F(FileVectors, SizeAndHashCases12To17) {
  Check({"12", {{"sizes", {"1024"}}}, {"testfile2"}, {"testfile2"}});
  Check({"13", {{"md5", {"5d5a4fdeafc1677dca8255ef9624d522"}}}, {"testfile4"}, {"testfile4"}});
  Check({"14", {{"sha2", {kSha512_4}}}, {"testfile4"}, {"testfile4"}});
  Check({"15", {{"sha3", {kSha3_512_4}}}, {"testfile4"}, {"testfile4"}});
  Check({"16",
         {{"sha2", {"bb4e449df74edae0292d60d2733a3b1801d90ae23560484b1e04fb52f111a14f"}}},
         {"testfile6"},
         {"testfile6"}});
  Check({"17",
         {{"md5", {"52fa96013b5c6aa9302d39ee7fe2f6a5"}},
          {"sha1", {"31952c0d2772c302ec94b303c2b80b67cf830060"}},
          {"sha2", {"f6032dc9b4ba112397a6f8bcb778ab10708c1acd38e48f637ace15c3ae417ded"}},
          {"sha3", {"3f4dacf0b2347d0a0ab6f09b7d7c98fd12cb2030d4af8baeacaf55a9"}}},
         {"testfile7"},
         {"testfile7"}});
}

TEST_F(FileVectors, NameMtimeDepthCases18To26) {
  Check({"18",
         {{"names", {".*testfile(0|6)$"}}},
         {"testfile0", "testfile6"},
         {"testfile0", "testfile6"}});
  Check({"19", {{"mtimes", {"<1m"}}}, k0to9, k0to9});
  Check({"20", {{"names", {"^testfile0$"}}, {"mtimes", {"<1d"}}}, {"testfile0"}, {"testfile0"}});
  Check({"21", {{"mtimes", {">1h", ">30m", ">15m"}}}, {}, {}});
  Check({"22",
         {{"names", {"^.*0$"}},
          {"paths", {tree().root() + "/a", tree().root(), tree().root()}},
          {"options", {{"maxdepth", 1}, {"matchall", true}}}},
         {"testfile0"},
         {},
         {},
         true});
  Check({"23",
         {{"contents", {"!^--- header for first file ---$"}},
          {"options", {{"maxdepth", 1}, {"matchall", true}}}},
         {"testfile1", "testfile2", "testfile3", "testfile4", "testfile5", "testfile6", "testfile7",
          "testfile8"},
         {},
         {},
         true});
  Check({"24", {{"modes", {"-rw-r--r--"}}}, k0to9, k0to9});
  Check({"25",
         {{"names", {".*0", "^testfile0$"}}, {"options", {{"maxdepth", 1}, {"matchall", true}}}},
         {"testfile0"},
         {},
         {},
         true});
  Case c26{"26",
           {{"names", {"^testfile.*$"}},
            {"options", {{"maxdepth", 1}, {"matchlimit", 4}, {"matchall", true}}}}};
  c26.no_errors = true;
  c26.count = 4;
  Check(c26);
}

TEST_F(FileVectors, MatchanyAndDecompressCases27To33) {
  Check({"27",
         {{"names", {"^testfile0$"}}, {"sizes", {"274"}}, {"options", {{"matchall", false}}}},
         {"testfile0", "testfile7"},
         {"testfile0", "testfile7"}});
  Check({"28",
         {{"names", {"^testfile6"}},
          {"contents", {"^--- header for zipped file ---$"}},
          {"options", {{"decompress", true}, {"matchall", true}}}},
         {"testfile6"},
         {"testfile6"}});
  Check({"29",
         {{"contents", {"^--- header for zipped file ---$"}},
          {"options", {{"decompress", true}, {"matchall", true}}}},
         {"testfile6"},
         {"testfile6"},
         {"^checkContent.+flate: corrupt input", "^ERROR: followSymLink"}});
  Check({"30",
         {{"md5", {"7f82b4c1613fd10208ad1f71de17ebb5"}},
          {"options", {{"decompress", true}, {"matchall", true}}}},
         {"testfile7"},
         {"testfile7"},
         {"^checkHash.+flate: corrupt input", "^ERROR: followSymLink"}});
  Check({"31",
         {{"contents", {"--- header for first file ---", "^--- header for zipped file ---$"}},
          {"options", {{"decompress", true}, {"matchall", false}}}},
         {"testfile0", "testfile6", "testfile9"},
         {"testfile0", "testfile6", "testfile9"},
         {"^checkContent.+flate: corrupt input", "^ERROR: followSymLink"}});
  Check({"32",
         {{"names", {".*testfile.*"}}, {"paths", {"/doesnotexist"}}},
         {},
         {},
         {"^ERROR: open /doesnotexist:"}});
  Check({"33",
         {{"names", {".*testfile.*"}}, {"paths", {tree().root() + "/dirlink"}}},
         {},
         {},
         {"^warning:.*and was not followed$"}});
}

TEST_F(FileVectors, MacroalAndMismatchCases34To44) {
  auto macroal = [](const char* content) {
    return Json{{"contents", {content}},
                {"names", {"^testfile0$"}},
                {"options", {{"macroal", true}, {"matchall", true}}}};
  };
  Check({"34", macroal("^(.+)?$"), {"testfile0"}, {"testfile0"}});
  Check({"35", macroal("!^(.+)?$"), {}, {}});
  Check({"36", macroal("!FOOBAR"), {"testfile0"}, {"testfile0"}});
  Check({"37", macroal("FOOBAR"), {}, {}});
  const std::vector<std::string> k1to9(k0to9.begin() + 1, k0to9.end());
  const std::vector<std::string> k1to8(k0to9.begin() + 1, k0to9.end() - 1);
  Check({"38",
         {{"names", {"^testfile0$"}}, {"options", {{"mismatch", {"name"}}, {"matchall", true}}}},
         k1to9,
         k1to9});
  Check({"39",
         {{"sizes", {"190", ">10k", ">10m", ">10g", ">10t", "<10"}},
          {"options", {{"mismatch", {"size"}}, {"matchall", true}}}},
         k1to8,
         k1to8});
  Check({"40",
         {{"mtimes", {"<1h"}}, {"options", {{"mismatch", {"mtime"}}, {"matchall", true}}}},
         {},
         {}});
  Check({"41",
         {{"modes", {"-rw-r--r--"}}, {"options", {{"mismatch", {"mode"}}, {"matchall", true}}}},
         {},
         {}});
  Check({"42",
         {{"names", {"!^testfile0$"}}, {"options", {{"mismatch", {"name"}}, {"matchall", true}}}},
         {"testfile0"},
         {"testfile0"}});
  Check({"43",
         {{"names", {"^testfile(0|1)$"}},
          {"contents", {"^((---.+)|(#.+)|(\\s+)|(some (other )?text))?$"}},
          {"options", {{"macroal", true}, {"mismatch", {"content"}}, {"matchall", true}}}},
         {"testfile1"},
         {"testfile1"}});
  const std::vector<std::string> not2 = {"testfile0", "testfile1", "testfile3",
                                         "testfile4", "testfile5", "testfile6",
                                         "testfile7", "testfile8", "testfile9"};
  Check({"44",
         {{"md5", {"8d3a7afb7e59693b383d52396243a5b8"}},
          {"sha1", {"d82bc1145d471714b056940b268032f9ab0df2ae"}},
          {"sha2", {"3b495fae5bae9751ea4706c29e992002ba277bce30bd83a827b01ba977eabc2f"}},
          {"sha3", {"fdb23afa808c265284c3199013e4ded9704eebf54ffdc1f016dacc12"}},
          {"options", {{"mismatch", {"md5", "sha1", "sha2", "sha3"}}, {"matchall", true}}}},
         not2,
         not2});
}

TEST_F(FileVectors, Case45PrivacyMasksFilesAndErrors) {
  auto module = modules::CreateModule("file");
  ModuleResult r = RunFileSearch(
      {{"paths", {tree().root()}}, {"mtimes", {"<1m"}}, {"options", {{"matchall", true}}}});
  ASSERT_EQ(FoundFiles(r).size(), 20u);
  EXPECT_FALSE(r.errors.empty());  // the broken S/dirlink
  module->ApplyPrivacy(r);
  const auto files = FoundFiles(r);
  ASSERT_EQ(files.size(), 20u);
  for (const auto& f : files)
    EXPECT_EQ(f, "masked");
  for (const auto& e : r.errors)
    EXPECT_EQ(e, "masked");
}

// 2.4: one search per regular file and filter (45 cases).
TEST_F(FileVectors, GeneratedCasesPerFileAndFilter) {
  struct Row {
    int size;
    const char *md5, *sha1, *sha2, *sha3;
  };
  const Row rows[9] = {
      {190, "e499c1912bd9af4f7e8ccaf27f7b04d2", "d7bbc3dd7adf6e347c93a4c8b9bfb8ef4748c0fb",
       "4d8ef27c4415d71cbbfad1eaa97d6f2a3ddacc9708b66efbb726133b9fd3d79a",
       "a7ba1e66174848ecea143b612f22168b006979e3827e09f0ae6395e8"},
      {196, "072841679be61acd27de062da1ad6fdf", "21f4a0f1d86915f9fa676b96a823c4c3142eb22b",
       "72573e5f095cb29afa2486b519928ed153558a8c036f15a9d1f790c8989e96c3",
       "7ec2e3b36e220b3c5ea9ad0129a1cdcd6dd7f545c92a90f8419ea05d408ca9d5ec999452fd804df7ede9ca0f064"
       "7"
       "195ae03eba1be7fae0c2217a8f24eaf7cce0"},
      {1024, "8d3a7afb7e59693b383d52396243a5b8", "d82bc1145d471714b056940b268032f9ab0df2ae",
       "3b495fae5bae9751ea4706c29e992002ba277bce30bd83a827b01ba977eabc2f",
       "fdb23afa808c265284c3199013e4ded9704eebf54ffdc1f016dacc12"},
      {131, "d6b008f34e7cf207cb9bc74a2153fffd", "9ee0213f3227fe4f3658af0c3de315669b36ccf9",
       "fb9758f30549a282d41a4eb125790704c17309e55443dbb54895379b8e33438f2825b78b938aa3735f99f3305d3"
       "b"
       "98e8",
       "fe66d22caa59899c386e0a041f641d1c8130ded8f7365330957cbf69"},
      {151, "5d5a4fdeafc1677dca8255ef9624d522", "caf4ce81c990785e5041bfc410526f471ea1ba6f",
       kSha512_4, kSha3_512_4},
      {115, "f9132062fccc09cba5f93474724a57e3", "fb03d2d4ac2a82090bc29934f75c1d6914bacc91",
       "8871b2ff047be05571549398e54c1f36163ae171e05a89900468688ea3bac4f9f3d7c922f0bebc24fdac28d0b2d"
       "3"
       "8fb2718209fb5976c9245e7c837170b79819",
       "cb086f02b728d57e299651f89e1fb0f89c659db50c7c780ec2689a8143e55c8e5e63ab47fe20897be7155e40915"
       "1"
       "c190"},
      {133, "31d38eee231318166538e1569631aba9", "bd1f24d8cbb000bbf7bcd618c2aec73280388721",
       "bb4e449df74edae0292d60d2733a3b1801d90ae23560484b1e04fb52f111a14f",
       "433b84f162d1b00481e6da022c5738fb4d04c3bb4317f73266746dd1"},
      {274, "52fa96013b5c6aa9302d39ee7fe2f6a5", "31952c0d2772c302ec94b303c2b80b67cf830060",
       "f6032dc9b4ba112397a6f8bcb778ab10708c1acd38e48f637ace15c3ae417ded",
       "3f4dacf0b2347d0a0ab6f09b7d7c98fd12cb2030d4af8baeacaf55a9"},
      {142, "df7b577ceb59f700d5b03db9d12d174e", "ea033d30e996ac443bc50e9c37eb25b37505302e",
       "2f4f81c0920501f178085032cd2784b8aa811b8c8e94da7ff85a43a361cd96cc",
       "d171566f8026a4ca6b4cdf8e6491a651625f98fbc15f9cb601833b64"},
  };
  for (int n = 0; n < 9; ++n) {
    std::vector<std::string> expected = {"testfile" + std::to_string(n)};
    if (n == 0) expected.push_back("testfile9");
    const Row& row = rows[n];
    Check({"gen size " + std::to_string(n),
           {{"sizes", {std::to_string(row.size)}}},
           expected,
           expected});
    Check({"gen md5 " + std::to_string(n), {{"md5", {row.md5}}}, expected, expected});
    Check({"gen sha1 " + std::to_string(n), {{"sha1", {row.sha1}}}, expected, expected});
    Check({"gen sha2 " + std::to_string(n), {{"sha2", {row.sha2}}}, expected, expected});
    Check({"gen sha3 " + std::to_string(n), {{"sha3", {row.sha3}}}, expected, expected});
  }
}

TEST_F(FileVectors, R1BadSha1FailsWithValidJson) {
  const ModuleResult r = RunFileSearch({{"paths", {tree().root()}}, {"sha1", {"NOTASHA1"}}});
  EXPECT_FALSE(r.success);
  EXPECT_FALSE(r.found_anything);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].find("sha1"), std::string::npos);
  EXPECT_EQ(r.statistics["filescount"], 0);
}

}  // namespace
}  // namespace mig::test
