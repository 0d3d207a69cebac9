#include "modules/scribe/document_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "core/gojson.h"
#include "modules/go_format.h"
#include "modules/scribe/yaml_json.h"

namespace mig::modules::scribe {

Result<Json> ParseDocumentText(std::string_view text) {
  const size_t start = text.find_first_not_of(" \t\r\n");
  text = start == std::string_view::npos ? std::string_view() : text.substr(start);
  if (text.size() < 10)
    return Status::Error("the document is too small to be valid (" + std::to_string(text.size()) +
                         " bytes)");
  if (text[0] == '{' || text[0] == '[') return ParseGoJson(text, kMaxDocumentFileBytes);
  return YamlToJson(text);
}

Result<Json> LoadDocumentFile(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return Status::Error("open " + path + ": " + ErrnoText(errno));
  struct stat st {};
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return Status::Error(path + " is not a regular file");
  }
  if (static_cast<size_t>(st.st_size) > kMaxDocumentFileBytes) {
    close(fd);
    return Status::Error(path + " is larger than " + std::to_string(kMaxDocumentFileBytes >> 20) +
                         " MiB: not a policy document");
  }
  std::string text;
  char buf[65536];
  for (;;) {
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      close(fd);
      return Status::Error("read " + path + ": " + ErrnoText(err));
    }
    if (n == 0) break;
    text.append(buf, static_cast<size_t>(n));
    if (text.size() > kMaxDocumentFileBytes) {
      close(fd);
      return Status::Error(path + " grew past the size limit while it was read");
    }
  }
  close(fd);
  return ParseDocumentText(text);
}

}  // namespace mig::modules::scribe
