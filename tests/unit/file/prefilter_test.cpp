// The Hyperscan prefilter of content checks: its pattern rewriting, which
// patterns it takes, and that the scanner gives the same answers with and
// without it (RE2 alone is the reference).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "file_tree.h"
#include "modules/file/engine/content_prefilter.h"
#include "modules/file/engine/content_scanner.h"
#include "modules/file/engine/run_state.h"
#include "modules/file/params.h"

namespace mig::test {
namespace {

using modules::file::CompileSearches;
using modules::file::ContentJob;
using modules::file::ContentPrefilter;
using modules::file::ContentScanner;
using modules::file::DecodeParameters;
using modules::file::Filter;
using modules::file::PrefilterForm;
using modules::file::RunState;

TEST(PrefilterForm, KeepsPlainPatterns) {
  EXPECT_EQ(PrefilterForm("zlib_version"), "zlib_version");
  EXPECT_EQ(PrefilterForm("Copyright \\(C\\) 19[0-9]{2}"), "Copyright \\(C\\) 19[0-9]{2}");
  EXPECT_EQ(PrefilterForm("(?i)abc"), "(?i)abc");
}

TEST(PrefilterForm, WidensSingleCharacterTokens) {
  // RE2 lets '.', negated classes, \W \S \D match a multi-byte character.
  EXPECT_EQ(PrefilterForm("a.b"), "a(?:[^\\n]+)b");
  EXPECT_EQ(PrefilterForm("x[^ab]*y"), "x(?:[^ab]+)*y");
  EXPECT_EQ(PrefilterForm("\\W\\S\\D\\w"), "(?:\\W+)(?:\\S+)(?:\\D+)\\w");
  EXPECT_EQ(PrefilterForm("[]a]"), "[]a]");
}

TEST(PrefilterForm, RefusesWhatBytesCannotFollow) {
  EXPECT_FALSE(PrefilterForm("caf\xc3\xa9"));  // non-ASCII text
  EXPECT_FALSE(PrefilterForm("\\pL+"));
  EXPECT_FALSE(PrefilterForm("\\x{263a}"));
  EXPECT_FALSE(PrefilterForm("\\xe9"));
  EXPECT_FALSE(PrefilterForm("\\Qa.b\\E"));
  EXPECT_FALSE(PrefilterForm("(?i)kelvin"));  // k folds to U+212A
  EXPECT_FALSE(PrefilterForm("(?i)[a-z]"));
  EXPECT_FALSE(PrefilterForm("[\\W]"));
  EXPECT_FALSE(PrefilterForm("[[:^alpha:]]"));
  EXPECT_FALSE(PrefilterForm("[abc"));
}

TEST(ContentPrefilter, LeavesOutPatternsHyperscanRejects) {
  // "x*" and "^" can match the empty string, which Hyperscan never reports.
  const ContentPrefilter pf({"needle", "x*", "caf\xc3\xa9", "^", "a.c"});
  EXPECT_FALSE(pf.empty());
  EXPECT_TRUE(pf.Contains(0));
  EXPECT_FALSE(pf.Contains(1));
  EXPECT_FALSE(pf.Contains(2));
  EXPECT_FALSE(pf.Contains(3));
  EXPECT_TRUE(pf.Contains(4));
  EXPECT_FALSE(pf.Contains(5));
}

TEST(ContentPrefilter, EmptyWhenNothingCompiles) {
  const ContentPrefilter pf({"x*"});
  EXPECT_TRUE(pf.empty());
  bool called = false;
  EXPECT_FALSE(pf.Scan(
      "xxx\n",
      [](void* c, unsigned, size_t) {
        *static_cast<bool*>(c) = true;
        return true;
      },
      &called));
  EXPECT_FALSE(called);
}

// Runs every content check of `searches` over data cut in pieces of
// `piece` bytes, with or without the prefilter; returns the recorded flags
// of each search, concatenated.
class Differential : public ::testing::Test {
 protected:
  void Build(const std::vector<std::vector<std::string>>& searches, bool macroal = false) {
    Json params = {{"searches", Json::object()}};
    for (size_t i = 0; i < searches.size(); ++i)
      params["searches"]["s" + std::to_string(i)] = {
          {"paths", {"/"}}, {"contents", searches[i]}, {"options", {{"macroal", macroal}}}};
    auto decoded = DecodeParameters(params);
    ASSERT_TRUE(decoded.ok()) << decoded.error();
    auto compiled = CompileSearches(*decoded, 0);
    ASSERT_TRUE(compiled.ok()) << compiled.error();
    state_ = std::make_unique<RunState>(std::move(*compiled));
  }
  std::vector<bool> Scan(const std::string& data, size_t piece, bool prefilter) {
    std::vector<ContentJob> jobs(state_->searches().size());
    std::vector<ContentJob*> ptrs;
    for (size_t s = 0; s < jobs.size(); ++s) {
      jobs[s].macroal = state_->searches()[s].search.options.macroal;
      for (const auto& c : state_->searches()[s].checks)
        if (c.filter == Filter::kContent) jobs[s].checks.push_back(&c);
      ptrs.push_back(&jobs[s]);
    }
    ContentScanner scanner(ptrs, prefilter ? state_->prefilter() : nullptr);
    for (size_t at = 0; at < data.size() && !scanner.Done(); at += piece)
      scanner.Feed(std::string_view(data).substr(at, piece));
    scanner.Finish();
    std::vector<bool> out;
    for (const ContentJob& j : jobs)
      out.insert(out.end(), j.recorded.begin(), j.recorded.end());
    return out;
  }
  // Same answer with and without the prefilter, for several cuts.
  std::vector<bool> Both(const std::string& data) {
    const std::vector<bool> reference = Scan(data, data.size() + 1, false);
    for (size_t piece : {size_t{1}, size_t{3}, size_t{7}, size_t{4096}, data.size() + 1})
      EXPECT_EQ(Scan(data, piece, true), reference) << "piece " << piece;
    return reference;
  }
  std::unique_ptr<RunState> state_;
};

TEST_F(Differential, ManyPatternsInOnePass) {
  std::vector<std::string> patterns;
  for (int i = 0; i < 60; ++i)
    patterns.push_back("word" + std::to_string(i) + "\\b");
  Build({patterns});
  ASSERT_NE(state_->prefilter(), nullptr);
  std::string data;
  for (int i = 0; i < 60; i += 3)
    data += "line with word" + std::to_string(i) + " in it\n";
  data += "word1x word2y\n";  // \b fails: word1, word2 do not match here
  const std::vector<bool> got = Both(data);
  ASSERT_EQ(got.size(), 60u);
  for (int i = 0; i < 60; ++i)
    EXPECT_EQ(got[static_cast<size_t>(i)], i % 3 == 0) << "word" << i;
}

TEST_F(Differential, RejectedPatternsFallBackToRe2) {
  Build({{"x*", "caf\xc3\xa9", "needle", "^$"}});
  ASSERT_NE(state_->prefilter(), nullptr);
  EXPECT_EQ(Both("nothing\ncaf\xc3\xa9 au lait\n"), (std::vector<bool>{true, true, false, false}));
  EXPECT_EQ(Both("a needle\n\n"), (std::vector<bool>{true, false, true, true}));
}

TEST_F(Differential, InvertedPatterns) {
  // "!R": recorded when no line matches R.
  Build({{"!needle", "!^a.c$", "hay"}});
  EXPECT_EQ(Both("hay\nneedle\n"), (std::vector<bool>{false, true, true}));
  EXPECT_EQ(Both("abc\n"), (std::vector<bool>{true, false, false}));
  EXPECT_EQ(Both("a\xe2\x82\xac"
                 "c\n"),
            (std::vector<bool>{true, false, false}));
  EXPECT_EQ(Both(""), (std::vector<bool>{true, true, false}));
}

TEST_F(Differential, MatchesAcrossLinesAreNotLineMatches) {
  Build({{"a[^x]+b", "end$", "^start", "a\\sb"}});
  // [^x]+ and \s may cross a newline for Hyperscan, never for a line.
  EXPECT_EQ(Both("a\nb\n"), (std::vector<bool>{false, false, false, false}));
  EXPECT_EQ(Both("xx end\r\nstart\n"), (std::vector<bool>{false, true, true, false}));
  EXPECT_EQ(Both("xx a b\n"), (std::vector<bool>{true, false, false, true}));
}

TEST_F(Differential, OnlyTheCrBeforeLfIsDropped) {
  Build({{"x\\r$", "^y$", "a\\rb"}});
  EXPECT_EQ(Both("x\r\r\ny\r\na\rb\n"), (std::vector<bool>{true, true, true}));
  EXPECT_EQ(Both("x\r\nyy\r\n"), (std::vector<bool>{false, false, false}));
}

TEST_F(Differential, MultiByteCharactersAndDot) {
  Build({{"a.b", "x[^y]z", "\\Wq"}});
  EXPECT_EQ(Both("a\xe2\x82\xac"
                 "b\n"),
            (std::vector<bool>{true, false, false}));
  EXPECT_EQ(Both("x\xc3\xa9z \xc3\xa9q\n"), (std::vector<bool>{false, true, true}));
}

TEST_F(Differential, MatchSpanningBufferBoundaries) {
  Build({{"NEEDLE[0-9]+END"}, {"zlib_version"}});
  std::string data(1 << 20, 'a');
  data[5000] = '\n';
  data += "xxNEEDLE12345END\n";
  data.insert(70000, "\nzlib_version\n");
  for (size_t piece : {size_t{65536}, size_t{1} << 20, size_t{13}}) {
    EXPECT_EQ(Scan(data, piece, true), (std::vector<bool>{true, true})) << piece;
  }
  EXPECT_EQ(Both(data.substr(0, 200000) + "NEEDLE9END\n"), (std::vector<bool>{true, true}));
}

TEST_F(Differential, BinaryFiles) {
  Build({{"ELF", "GLIBC_2\\.[0-9]+", "\\x00\\x01"}});
  std::string data(
      "\x7f"
      "ELF\x02\x01\x01\x00\x00",
      9);
  data += std::string("\0\x01\xff\xfe\r\r\n", 7) + "GLIBC_2.34" + std::string("\0\xc3", 2);
  EXPECT_EQ(Both(data), (std::vector<bool>{true, true, true}));
  EXPECT_EQ(Both(std::string("\xff\xfe\x00\x02GLIBC_2.x", 13)),
            (std::vector<bool>{false, false, false}));
}

TEST_F(Differential, VeryLongLines) {
  Build({{"tail-marker", "^b+$"}});
  const std::string line(3 << 20, 'b');
  EXPECT_EQ(Both(line + "tail-marker\n"), (std::vector<bool>{true, false}));
  EXPECT_EQ(Both(line + "\n"), (std::vector<bool>{false, true}));
  // Past kMaxLine a line is cut in pieces, with or without the prefilter.
  const std::string huge(modules::file::kMaxLine + 10, 'b');
  EXPECT_EQ(Scan(huge + "tail-marker\n", 1 << 20, true),
            Scan(huge + "tail-marker\n", 1 << 20, false));
}

TEST_F(Differential, MacroalStaysExact) {
  Build({{"^ok", "!bad"}}, true);
  EXPECT_EQ(Both("ok 1\nok 2\n"), (std::vector<bool>{true, true}));
  EXPECT_EQ(Both("ok 1\nok bad\n"), (std::vector<bool>{false, false}));
}

}  // namespace
}  // namespace mig::test
