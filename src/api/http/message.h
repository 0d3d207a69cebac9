// HTTP requests and responses as the route handlers see them (the names
// follow cpp-httplib's, which served the API before: handlers read
// req.get_param_value(...), answer with res.set_content(...)). Bodies are
// whole and bounded when a handler runs; a response either carries a body
// or streams (server-sent events) without holding a worker between steps.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace mig::api::http {

// Header names compare case-insensitively.
struct NoCaseLess {
  bool operator()(const std::string& a, const std::string& b) const;
};
using Headers = std::multimap<std::string, std::string, NoCaseLess>;
using Params = std::multimap<std::string, std::string>;

// One part of a multipart/form-data body.
struct FormPart {
  std::string name, content, filename, content_type;
};

struct Request {
  std::string method, target, path, version, body;
  std::string remote_addr;
  int remote_port = 0;
  Headers headers;
  Params params;                               // query, then a urlencoded body's fields
  std::multimap<std::string, FormPart> files;  // multipart/form-data parts
  std::vector<std::string> matches;            // the route pattern's groups, [0] the path

  bool has_header(const std::string& name) const;
  // "" when absent.
  std::string get_header_value(const std::string& name) const;
  bool has_param(const std::string& name) const;
  std::string get_param_value(const std::string& name) const;
  bool is_multipart_form_data() const;
  bool has_file(const std::string& name) const;
  FormPart get_file_value(const std::string& name) const;
};

// Where a stream step writes. write() is false once the client is gone.
class DataSink {
 public:
  virtual ~DataSink() = default;
  virtual bool write(const char* data, size_t size) = 0;
  virtual void done() = 0;
  virtual bool is_writable() const = 0;
};

// Hands the (already read, bounded) body to a receiver, as cpp-httplib's
// content readers did.
using ContentReceiver = std::function<bool(const char* data, size_t size)>;
using ContentReader = std::function<bool(const ContentReceiver& receiver)>;

// One step of a stream: writes what is new; false ends the stream.
using StreamStep = std::function<bool(DataSink& sink)>;

struct Response {
  int status = -1;  // -1: not answered
  Headers headers;
  std::string body;
  // Set by set_stream: the body is the chunks the steps write, one step
  // every `interval`, the first at once.
  StreamStep stream;
  std::chrono::milliseconds stream_interval{0};

  void set_header(const std::string& name, const std::string& value);
  std::string get_header_value(const std::string& name) const;
  void set_content(const std::string& content, const std::string& content_type);
  void set_stream(const std::string& content_type, std::chrono::milliseconds interval,
                  StreamStep step);
};

// The path of a target with %XX decoded ('+' kept; a broken escape kept
// as it is).
std::string DecodePath(const std::string& path);
// Parses target's query into params (percent-decoded, '+' as space, as
// Go's url.ParseQuery); false when an escape is malformed.
bool ParseQuery(const std::string& query, Params& params);
// The multipart/form-data body's parts, by the boundary of content_type;
// false when malformed.
bool ParseMultipart(const std::string& content_type, const std::string& body,
                    std::multimap<std::string, FormPart>& parts);

}  // namespace mig::api::http
