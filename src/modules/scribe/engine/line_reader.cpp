#include "modules/scribe/engine/line_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

namespace mig::modules::scribe {
namespace {

// Gives the pieces of one complete line (terminator already removed).
bool EmitLine(std::string_view line, const std::function<bool(std::string_view)>& on_line) {
  if (line.empty()) return on_line(line);
  for (size_t at = 0; at < line.size(); at += kMaxLineBytes)
    if (!on_line(line.substr(at, kMaxLineBytes))) return false;
  return true;
}

}  // namespace

bool ForEachLine(const std::string& path, const std::function<bool(std::string_view)>& on_line,
                 size_t* bytes_read) {
  *bytes_read = 0;
  const int fd = open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return false;
  struct stat st {};
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return false;
  }
  std::string pending;
  std::vector<char> buf(size_t{64} << 10);
  bool go_on = true;
  while (go_on && *bytes_read < kMaxBytesPerFile) {
    const size_t want = std::min(buf.size(), kMaxBytesPerFile - *bytes_read);
    const ssize_t n = read(fd, buf.data(), want);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // end, or an error (EAGAIN included): what was read counts
    *bytes_read += static_cast<size_t>(n);
    std::string_view chunk(buf.data(), static_cast<size_t>(n));
    size_t start = 0;
    for (size_t nl = chunk.find('\n'); nl != std::string_view::npos && go_on;
         nl = chunk.find('\n', start)) {
      pending.append(chunk.substr(start, nl - start));
      if (!pending.empty() && pending.back() == '\r') pending.pop_back();
      go_on = EmitLine(pending, on_line);
      pending.clear();
      start = nl + 1;
    }
    if (!go_on) break;
    pending.append(chunk.substr(start));
    // A line without end is cut now, so memory stays bounded by the piece.
    while (pending.size() > kMaxLineBytes && go_on) {
      go_on = on_line(std::string_view(pending).substr(0, kMaxLineBytes));
      pending.erase(0, kMaxLineBytes);
    }
  }
  if (go_on && !pending.empty()) {
    if (pending.back() == '\r') pending.pop_back();
    EmitLine(pending, on_line);
  }
  close(fd);
  return true;
}

}  // namespace mig::modules::scribe
