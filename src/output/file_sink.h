// JSON lines to a file (appended) or to standard output.
#pragma once

#include <cstdio>
#include <memory>
#include <string>

#include "output/sink.h"

namespace mig::output {

class FileSink : public Sink {
 public:
  // path "-" is standard output. The file is created (mode 0600) if needed
  // and appended to; each line is written with one write(2) (O_APPEND), so
  // concurrent writers do not interleave inside a line.
  static Result<std::unique_ptr<FileSink>> Open(const std::string& path);
  ~FileSink() override;
  FileSink(const FileSink&) = delete;
  FileSink& operator=(const FileSink&) = delete;

  Status Write(const FindingLine& line) override;

 private:
  FileSink(int fd, bool owned, std::string name) : fd_(fd), owned_(owned), name_(std::move(name)) {}
  int fd_;
  bool owned_;
  std::string name_;
};

}  // namespace mig::output
