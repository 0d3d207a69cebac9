#include "client/file_io.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>

namespace mig::client {

namespace {

Result<std::string> ReadStream(std::istream& in, const std::string& name, size_t max_bytes) {
  std::string out;
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    out.append(buf, static_cast<size_t>(in.gcount()));
    if (out.size() > max_bytes) {
      return Result<std::string>::Error(name + ": larger than " + std::to_string(max_bytes) +
                                        " bytes; is this the right file?");
    }
  }
  if (in.bad()) return Result<std::string>::Error(name + ": read error");
  return out;
}

}  // namespace

Result<std::string> ReadWholeFile(const std::string& path, size_t max_bytes) {
  if (path == "-") return ReadStream(std::cin, "standard input", max_bytes);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Result<std::string>::Error("cannot read " + path + ": " + std::strerror(errno));
  }
  return ReadStream(in, path, max_bytes);
}

Status WriteWholeFile(const std::string& path, std::string_view content) {
  if (path == "-") {
    std::cout.write(content.data(), static_cast<std::streamsize>(content.size()));
    std::cout.flush();
    return std::cout ? Status::Ok() : Status::Error("cannot write to standard output");
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return Status::Error("cannot write " + path + ": " + std::strerror(errno));
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  out.close();
  if (!out) return Status::Error("cannot write " + path + ": " + std::strerror(errno));
  return Status::Ok();
}

}  // namespace mig::client
