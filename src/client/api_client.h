// A small client of MIG's REST API (spec/api.md) for `mig` and mig-console:
// GET and form POST with the investigator's authentication, the Collection+
// JSON envelope decoded, and the server-sent-events follow endpoint.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/documents.h"
#include "core/status.h"

namespace mig::client {

// What went wrong talking to the API. http_status is 0 when there was no
// HTTP answer (unreachable, TLS, signing the token); message is then ours,
// otherwise the server's own error message.
struct ApiError {
  int http_status = 0;
  std::string message;
  std::string url;  // the request that failed
  // "<url>: HTTP <status>: <message>" or "<url>: <message>".
  std::string ToString() const;
};

template <typename T>
class ApiResult {
 public:
  ApiResult(T value) : v_(std::move(value)) {}         // NOLINT: implicit by design
  ApiResult(ApiError error) : v_(std::move(error)) {}  // NOLINT
  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }
  const ApiError& error() const { return std::get<ApiError>(v_); }
  T& value() { return std::get<T>(v_); }
  const T& value() const { return std::get<T>(v_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }

 private:
  std::variant<T, ApiError> v_;
};

// One {"name","value"} of an item's data.
struct CollectionData {
  std::string name;
  Json value;
};

struct CollectionItem {
  std::string href;
  std::vector<CollectionData> data;
  // The value of the first data entry with that name; null when absent.
  const Json& Value(std::string_view name) const;
};

// The Collection+JSON envelope (api.md 1.1).
struct Collection {
  int http_status = 0;
  std::string href;
  std::vector<CollectionItem> items;
  std::string error_code;     // operation id of a failure
  std::string error_message;  // empty when no error
};

// Decodes a response body; errors say what is not Collection+JSON.
Result<Collection> ParseCollection(std::string_view body);

// Makes a one-line detached signature of `data` (see core/pgp/sign.h).
using TokenSigner = std::function<Result<std::string>(const std::string& data)>;

struct ApiClientOptions {
  std::string url;  // e.g. "https://mig.example.net/api/v1/" (trailing slash optional)
  bool skip_verify_cert = false;
  std::string api_key;  // X-MIGAPIKEY when set, instead of signed tokens
  TokenSigner signer;   // X-PGPAUTHORIZATION; needed unless api_key is set
  int timeout_seconds = 30;
  // Set to true (e.g. from a SIGINT handler) to end a Follow in progress.
  const std::atomic<bool>* cancel = nullptr;
  std::function<void(const std::string&)> debug;  // -v: requests, tokens, answers
};

class ApiClient {
 public:
  // Checks the URL (http:// or https://, a host); does not connect.
  static Result<std::unique_ptr<ApiClient>> Create(ApiClientOptions options);
  ~ApiClient();

  // path_and_query is relative to the base URL: "action?actionid=1",
  // "search?type=agent&target=...". Non-2xx answers are errors carrying the
  // server's message, except that 404 "no results found" of a search
  // comes back as an empty collection.
  ApiResult<Collection> Get(const std::string& path_and_query);
  ApiResult<Collection> PostForm(const std::string& path,
                                 const std::vector<std::pair<std::string, std::string>>& fields);

  // POST of multipart/form-data (POST /investigator/create/). A part with a
  // filename is sent as a file.
  struct Part {
    std::string name, content, filename, content_type;
  };
  ApiResult<Collection> PostMultipart(const std::string& path, const std::vector<Part>& parts);

  // GET of a server-sent-events endpoint ("action/follow?actionid=N");
  // on_event(event, data) is called per event; returning false stops.
  // Returns once the server ends the stream or on_event stopped it.
  ApiResult<bool> Follow(
      const std::string& path_and_query,
      const std::function<bool(const std::string& event, const std::string& data)>& on_event);

  // Base URL with its trailing slash.
  const std::string& url() const { return base_url_; }

 private:
  struct Impl;
  explicit ApiClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  std::string base_url_;
};

// Percent-encodes a query value.
std::string UrlEncode(std::string_view value);

}  // namespace mig::client
