#include "modules/scribe/document_file.h"

#include "core/gojson.h"
#include "modules/file_source.h"
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
  auto text = DiskFiles().Read(path, kMaxDocumentFileBytes);
  if (!text) return text.status();
  return ParseDocumentText(*text);
}

}  // namespace mig::modules::scribe
