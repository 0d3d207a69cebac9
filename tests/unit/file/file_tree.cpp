#include "file_tree.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <stdexcept>

#include "modules/registry.h"
#include "tree_data.h"

namespace mig::test {

std::string HexToBytes(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2)
    out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  return out;
}

FileTree::FileTree() : tmp_("mig-file-tree") {
  char* real = realpath(tmp_.path().c_str(), nullptr);
  b_ = real;
  free(real);
  std::string dir = b_;
  for (char c = 'a'; c <= 'n'; ++c) {
    dir += "/";
    dir += c;
    if (mkdir(dir.c_str(), 0700) != 0) throw std::runtime_error("mkdir " + dir);
  }
  s_ = dir;
  Populate(b_);
  Populate(s_);
}

void FileTree::Populate(const std::string& d) {
  using namespace file_tree;
  const char* sp39 = "                                       ";
  WriteFile(d + "/testfile0", std::string("--- header for first file ---\n# this is a comment\n") +
                                  sp39 +
                                  "\n# above is an line filled with spaces\n\n# above is an empty "
                                  "line, no spaces\nsome text\nsome other text");
  WriteFile(d + "/testfile1", std::string("--- header for second file ---\n# this is a comment\n") +
                                  sp39 +
                                  "\n# above is an line filled with spaces\n# above is an empty "
                                  "line, no spaces\nsome text\nsome other other text");
  WriteFile(d + "/testfile2", HexToBytes(kTestfile2Hex));
  WriteFile(
      d + "/testfile3",
      "--- header for fourth file ---\n# above is an line filled with spaces\n\n# above is an "
      "empty line, no spaces\nsome text\nsome other text");
  WriteFile(d + "/testfile4", std::string("--- header for fifth file ---\n# this is a comment\n") +
                                  sp39 +
                                  "\n# above is an empty line, no spaces\nsome text\nsome other "
                                  "text");
  WriteFile(d + "/testfile5", std::string("--- header for sixth file ---\n# this is a comment\n") +
                                  sp39 + "\nsome text\nsome other text");
  WriteFile(d + "/testfile6", HexToBytes(kTestfile6Hex));
  WriteFile(d + "/testfile7", HexToBytes(kTestfile7Hex));
  WriteFile(d + "/testfile8", HexToBytes(kTestfile8Hex));
  for (int i = 0; i <= 8; ++i)
    chmod((d + "/testfile" + std::to_string(i)).c_str(), 0644);
  if (symlink((d + "/testfile0").c_str(), (d + "/testfile9").c_str()) != 0 ||
      symlink((d + "/a").c_str(), (d + "/dirlink").c_str()) != 0)
    throw std::runtime_error("symlink in " + d);
}

ModuleResult RunFileParameters(const Json& parameters) {
  auto module = modules::CreateModule("file");
  if (!module) throw std::runtime_error("file module not registered");
  return module->Run(parameters);
}

ModuleResult RunFileSearch(const Json& search) {
  return RunFileParameters(Json{{"searches", {{"s1", search}}}});
}

std::vector<std::string> FoundFiles(const ModuleResult& result) {
  std::vector<std::string> files;
  if (!result.elements.is_object()) return files;
  for (const auto& [label, list] : result.elements.items()) {
    if (!list.is_array()) continue;
    for (const auto& e : list) {
      const std::string f = e.value("file", "");
      if (!f.empty()) files.push_back(f);
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace mig::test
