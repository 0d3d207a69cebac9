// Where a "file" flag's value (a file name, e.g. scribe's -path) gets its
// content. `mig` reads the investigator's disk; mig-api only has what the
// browser uploaded with the request, and must never open a path a client
// named. Parsing takes the source as an argument: no global, so requests on
// several threads never share one.
#pragma once

#include <cstddef>
#include <map>
#include <string>

#include "core/status.h"

namespace mig::modules {

class FileSource {
 public:
  virtual ~FileSource() = default;
  // The content of the file `name` (the flag's value), at most max_bytes;
  // errors name the file and the reason.
  virtual Result<std::string> Read(const std::string& name, size_t max_bytes) const = 0;
};

// The local disk: regular files only, refused before reading when larger
// than max_bytes.
class DiskFiles final : public FileSource {
 public:
  Result<std::string> Read(const std::string& name, size_t max_bytes) const override;
};

// Files a client sent with its request, by the name it gave them. Any other
// name is an error: nothing is ever read from the disk.
class UploadedFiles final : public FileSource {
 public:
  explicit UploadedFiles(std::map<std::string, std::string> files) : files_(std::move(files)) {}
  Result<std::string> Read(const std::string& name, size_t max_bytes) const override;

 private:
  std::map<std::string, std::string> files_;
};

// No file at all: for parsers that have no file flag.
class NoFiles final : public FileSource {
 public:
  Result<std::string> Read(const std::string& name, size_t max_bytes) const override;
};

}  // namespace mig::modules
