#include "modules/file_source.h"

#include <fcntl.h>

#include <cerrno>

#include "core/regular_file.h"
#include "modules/go_format.h"

namespace mig::modules {
namespace {

std::string TooLarge(const std::string& name, size_t max_bytes) {
  return name + " is larger than " + std::to_string(max_bytes) + " bytes";
}

}  // namespace

Result<std::string> DiskFiles::Read(const std::string& name, size_t max_bytes) const {
  // O_NONBLOCK: a FIFO named by mistake must not hang the client.
  const UniqueFd fd(open(name.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (fd.get() < 0) return Status::Error("open " + name + ": " + ErrnoText(errno));
  auto read = ReadRegularFile(fd.get(), max_bytes);
  using Outcome = RegularFileRead::Outcome;
  switch (read.outcome) {
    case Outcome::kOk:
      return std::move(read.content);
    case Outcome::kNotRegular:
      return Status::Error(name + " is not a regular file");
    case Outcome::kTooLarge:
      return Status::Error(TooLarge(name, max_bytes));
    case Outcome::kGrew:
      return Status::Error(name + " grew past " + std::to_string(max_bytes) +
                           " bytes while it was read");
    case Outcome::kReadError:
      break;
  }
  return Status::Error("read " + name + ": " + ErrnoText(read.error));
}

Result<std::string> UploadedFiles::Read(const std::string& name, size_t max_bytes) const {
  auto it = files_.find(name);
  if (it == files_.end())
    return Status::Error("file '" + name +
                         "' was not uploaded with the request (the server never reads its own "
                         "files)");
  if (it->second.size() > max_bytes) return Status::Error(TooLarge(name, max_bytes));
  return it->second;
}

Result<std::string> NoFiles::Read(const std::string& name, size_t /*max_bytes*/) const {
  return Status::Error("cannot read file '" + name + "': no file source here");
}

}  // namespace mig::modules
