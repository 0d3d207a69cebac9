#include "api/http/message.h"

#include <strings.h>

#include <cctype>

#include "api/form.h"

namespace mig::api::http {
namespace {

std::string Lower(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

// The value of parameter `attribute` in a header like `form-data; name="x"`.
// Parameters are split at the ';' outside quoted values, so a name or value
// that merely contains "filename=" is not taken for that parameter; the
// first parameter of that name wins. A quoted value ends at the next quote
// (no escapes, "" when unterminated); an unquoted one is trimmed.
std::string HeaderAttribute(const std::string& header, const std::string& attribute) {
  size_t start = 0;
  while (start <= header.size()) {
    size_t end = start;
    bool quoted = false;
    while (end < header.size() && (quoted || header[end] != ';')) {
      if (header[end] == '"') quoted = !quoted;
      ++end;
    }
    const std::string param = header.substr(start, end - start);
    start = end + 1;
    const size_t eq = param.find('=');
    if (eq == std::string::npos || Lower(Trim(param.substr(0, eq))) != attribute) continue;
    const std::string value = Trim(param.substr(eq + 1));
    if (value.empty() || value[0] != '"') return value;
    const size_t close = value.find('"', 1);
    return close == std::string::npos ? "" : value.substr(1, close - 1);
  }
  return "";
}

}  // namespace

bool NoCaseLess::operator()(const std::string& a, const std::string& b) const {
  return strcasecmp(a.c_str(), b.c_str()) < 0;
}

bool Request::has_header(const std::string& name) const {
  return headers.count(name) > 0;
}

std::string Request::get_header_value(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? "" : it->second;
}

bool Request::has_param(const std::string& name) const {
  return params.count(name) > 0;
}

std::string Request::get_param_value(const std::string& name) const {
  auto it = params.find(name);
  return it == params.end() ? "" : it->second;
}

bool Request::is_multipart_form_data() const {
  return Lower(get_header_value("Content-Type")).rfind("multipart/form-data", 0) == 0;
}

bool Request::has_file(const std::string& name) const {
  return files.count(name) > 0;
}

FormPart Request::get_file_value(const std::string& name) const {
  auto it = files.find(name);
  return it == files.end() ? FormPart{} : it->second;
}

void Response::set_header(const std::string& name, const std::string& value) {
  headers.emplace(name, value);
}

std::string Response::get_header_value(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? "" : it->second;
}

void Response::set_content(const std::string& content, const std::string& content_type) {
  body = content;
  headers.erase("Content-Type");
  headers.emplace("Content-Type", content_type);
}

void Response::set_stream(const std::string& content_type, std::chrono::milliseconds interval,
                          StreamStep step) {
  headers.erase("Content-Type");
  headers.emplace("Content-Type", content_type);
  stream_interval = interval;
  stream = std::move(step);
}

std::string DecodePath(const std::string& path) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(path.size());
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '%' && i + 2 < path.size() && hex(path[i + 1]) >= 0 && hex(path[i + 2]) >= 0) {
      out += static_cast<char>(hex(path[i + 1]) * 16 + hex(path[i + 2]));
      i += 2;
    } else {
      out += path[i];
    }
  }
  return out;
}

bool ParseQuery(const std::string& query, Params& params) {
  bool ok = true;
  size_t start = 0;
  while (start <= query.size()) {
    size_t amp = query.find('&', start);
    if (amp == std::string::npos) amp = query.size();
    const std::string pair = query.substr(start, amp - start);
    start = amp + 1;
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    auto key = FormDecode(pair.substr(0, eq));
    auto value = FormDecode(eq == std::string::npos ? "" : pair.substr(eq + 1));
    if (!key.ok() || !value.ok()) {
      ok = false;  // skipped, as Go's url.ParseQuery does
      continue;
    }
    params.emplace(std::move(*key), std::move(*value));
  }
  return ok;
}

bool ParseMultipart(const std::string& content_type, const std::string& body,
                    std::multimap<std::string, FormPart>& parts) {
  const std::string boundary = HeaderAttribute(content_type, "boundary");
  if (boundary.empty()) return false;
  const std::string delimiter = "--" + boundary;
  size_t at = body.find(delimiter);
  if (at == std::string::npos) return false;
  for (;;) {
    at += delimiter.size();
    if (body.compare(at, 2, "--") == 0) return true;  // closing delimiter
    if (body.compare(at, 2, "\r\n") != 0) return false;
    at += 2;
    const size_t head_end = body.find("\r\n\r\n", at);
    if (head_end == std::string::npos) return false;
    FormPart part;
    size_t line = at;
    while (line < head_end) {
      size_t eol = body.find("\r\n", line);
      if (eol == std::string::npos || eol > head_end) eol = head_end;
      const std::string h = body.substr(line, eol - line);
      line = eol + 2;
      const size_t colon = h.find(':');
      if (colon == std::string::npos) return false;
      const std::string name = Lower(Trim(h.substr(0, colon)));
      const std::string value = Trim(h.substr(colon + 1));
      if (name == "content-disposition") {
        part.name = HeaderAttribute(value, "name");
        part.filename = HeaderAttribute(value, "filename");
      } else if (name == "content-type") {
        part.content_type = value;
      }
    }
    const size_t content = head_end + 4;
    const size_t next = body.find("\r\n" + delimiter, content);
    if (next == std::string::npos) return false;
    part.content = body.substr(content, next - content);
    parts.emplace(part.name, std::move(part));
    at = next + 2;
  }
}

}  // namespace mig::api::http
