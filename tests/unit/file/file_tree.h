// Builds the file module's test tree (test-vectors.md 2.1) and runs the
// module the way the spec's harness does (2.2).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/documents.h"
#include "test_env.h"

namespace mig::test {

class FileTree {
 public:
  FileTree();
  const std::string& root() const { return b_; }  // B
  const std::string& sub() const { return s_; }   // S = B/a/b/.../n

 private:
  void Populate(const std::string& dir);
  TempDir tmp_;
  std::string b_, s_;
};

// Runs the registered file module on {"searches":{"s1":search}}.
ModuleResult RunFileSearch(const Json& search);
ModuleResult RunFileParameters(const Json& parameters);

// Non-empty "file" values of every entry of every label, sorted.
std::vector<std::string> FoundFiles(const ModuleResult& result);

std::string HexToBytes(const std::string& hex);

}  // namespace mig::test
