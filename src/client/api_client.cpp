#include "client/api_client.h"

#include <httplib.h>
#include <openssl/rand.h>

#include <chrono>
#include <thread>

#include "core/api_token.h"
#include "core/percent_encode.h"

namespace mig::client {
namespace {

constexpr const char* kUserAgent = "MIG Client mig-" MIG_VERSION;

std::string RandomNonce() {
  uint64_t n = 0;
  if (RAND_bytes(reinterpret_cast<unsigned char*>(&n), sizeof(n)) != 1) {
    n = static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  }
  return std::to_string(n >> 1);  // a positive integer, like MIG's IDs
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' '))
    s.pop_back();
  return s;
}

// The server's message for a failed request: the envelope's error when the
// body is Collection+JSON, else the body itself (cut), else the status.
std::string ErrorMessage(int status, const std::string& body) {
  auto c = ParseCollection(body);
  if (c.ok() && !c->error_message.empty()) return c->error_message;
  std::string text = Trim(body);
  if (text.size() > 300) text = text.substr(0, 300) + "...";
  return text.empty() ? "HTTP " + std::to_string(status) + " with an empty body" : text;
}

// What a transport failure means for the user.
std::string TransportError(httplib::Error e) {
  std::string text = "cannot reach the API (" + httplib::to_string(e) + ")";
  if (e == httplib::Error::SSLServerVerification) {
    text +=
        ": its TLS certificate is not trusted; install its CA (SSL_CERT_FILE) or set "
        "[api] skipverifycert = on";
  }
  return text;
}

bool IsSuccess(int status) {
  return status >= 200 && status < 300;
}

}  // namespace

std::string ApiError::ToString() const {
  std::string out = url.empty() ? "" : url + ": ";
  if (http_status != 0) out += "HTTP " + std::to_string(http_status) + ": ";
  return out + message;
}

const Json& CollectionItem::Value(std::string_view name) const {
  static const Json kNull;
  for (const auto& d : data) {
    if (d.name == name) return d.value;
  }
  return kNull;
}

Result<Collection> ParseCollection(std::string_view body) {
  Json doc = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Status::Error("the answer is not JSON");
  if (!doc.is_object() || !doc.contains("collection") || !doc["collection"].is_object())
    return Status::Error("the answer is not a Collection+JSON document (no \"collection\" object)");
  const Json& c = doc["collection"];
  Collection out;
  if (c.contains("href") && c["href"].is_string()) out.href = c["href"];
  if (c.contains("error") && c["error"].is_object()) {
    const Json& e = c["error"];
    if (e.contains("message") && e["message"].is_string()) out.error_message = e["message"];
    if (e.contains("code") && e["code"].is_string()) out.error_code = e["code"];
  }
  if (c.contains("items") && !c["items"].is_null()) {
    if (!c["items"].is_array()) return Status::Error("collection.items is not a list");
    for (const Json& it : c["items"]) {
      if (!it.is_object()) return Status::Error("collection.items holds a non-object");
      CollectionItem item;
      if (it.contains("href") && it["href"].is_string()) item.href = it["href"];
      if (it.contains("data") && it["data"].is_array()) {
        for (const Json& d : it["data"]) {
          if (!d.is_object() || !d.contains("name") || !d["name"].is_string())
            return Status::Error("collection item data without a name");
          item.data.push_back({d["name"], d.contains("value") ? d["value"] : Json()});
        }
      }
      out.items.push_back(std::move(item));
    }
  }
  return out;
}

std::string UrlEncode(std::string_view value) {
  return PercentEncode(value);
}

struct ApiClient::Impl {
  ApiClientOptions options;
  std::string origin;  // scheme://host[:port]
  std::string prefix;  // "/api/v1/"
  std::unique_ptr<httplib::Client> http;

  void Debug(const std::string& line) const {
    if (options.debug) options.debug(line);
  }

  std::unique_ptr<httplib::Client> NewClient(int read_timeout_s) const {
    auto c = std::make_unique<httplib::Client>(origin);
    c->set_connection_timeout(10);
    c->set_read_timeout(read_timeout_s);
    c->set_write_timeout(options.timeout_seconds);
    if (options.skip_verify_cert) c->enable_server_certificate_verification(false);
    return c;
  }

  // The authentication header for one request (a fresh token each time:
  // the API accepts each nonce once).
  ApiResult<httplib::Headers> Headers(const std::string& url) const {
    httplib::Headers h{{"User-Agent", kUserAgent}};
    if (!options.api_key.empty()) {
      h.emplace("X-MIGAPIKEY", options.api_key);
      return h;
    }
    if (!options.signer) {
      return ApiError{0, "no way to authenticate: set [gpg] keyid or useapikeyauth in the migrc",
                      url};
    }
    const Time now = Time::Now();
    const std::string nonce = RandomNonce();
    auto sig = options.signer(TokenSignedData(now, nonce));
    if (!sig.ok()) return ApiError{0, "signing the authentication token: " + sig.error(), url};
    const std::string token = TokenHeader(now, nonce, *sig);
    Debug("X-PGPAUTHORIZATION: " + token);
    h.emplace("X-PGPAUTHORIZATION", token);
    return h;
  }

  ApiResult<Collection> Finish(const httplib::Result& res, const std::string& url,
                               bool search) const {
    if (!res) {
      return ApiError{0, TransportError(res.error()), url};
    }
    Debug("<- HTTP " + std::to_string(res->status) + " " + res->body);
    if (!IsSuccess(res->status)) {
      // A search without results is a 404 that MIG's clients read as "none".
      if (search && res->status == 404) {
        auto c = ParseCollection(res->body);
        if (c.ok() && c->error_message == "no results found") {
          c->http_status = 404;
          c->items.clear();
          return std::move(*c);
        }
      }
      return ApiError{res->status, ErrorMessage(res->status, res->body), url};
    }
    auto c = ParseCollection(res->body);
    if (!c.ok()) return ApiError{res->status, c.error(), url};
    c->http_status = res->status;
    return std::move(*c);
  }
};

ApiClient::ApiClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {
  base_url_ = impl_->origin + impl_->prefix;
}
ApiClient::~ApiClient() = default;

Result<std::unique_ptr<ApiClient>> ApiClient::Create(ApiClientOptions options) {
  const std::string& url = options.url;
  const size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos ||
      (url.compare(0, scheme_end, "http") != 0 && url.compare(0, scheme_end, "https") != 0)) {
    return Status::Error("API URL '" + url +
                         "' must start with https:// or http:// (e.g. "
                         "https://mig.example.net/api/v1/)");
  }
  auto impl = std::make_unique<Impl>();
  const size_t path_start = url.find('/', scheme_end + 3);
  impl->origin = url.substr(0, path_start);
  impl->prefix = path_start == std::string::npos ? "/" : url.substr(path_start);
  if (impl->origin.size() <= scheme_end + 3)
    return Status::Error("API URL '" + url + "' has no host");
  if (impl->prefix.back() != '/') impl->prefix += '/';
  impl->options = std::move(options);
  impl->http = impl->NewClient(impl->options.timeout_seconds);
  if (!impl->http->is_valid()) return Status::Error("API URL '" + url + "' is not usable");
  return std::unique_ptr<ApiClient>(new ApiClient(std::move(impl)));
}

ApiResult<Collection> ApiClient::Get(const std::string& path_and_query) {
  const std::string url = base_url_ + path_and_query;
  const bool search = path_and_query.rfind("search", 0) == 0;
  for (int attempt = 0;; ++attempt) {
    auto headers = impl_->Headers(url);
    if (!headers.ok()) return headers.error();
    impl_->Debug("-> GET " + url);
    auto res = impl_->http->Get(impl_->prefix + path_and_query, *headers);
    // MIG's client signs a new token and retries once after a 401.
    if (res && res->status == 401 && attempt == 0 && impl_->options.api_key.empty()) continue;
    return impl_->Finish(res, url, search);
  }
}

ApiResult<Collection> ApiClient::PostForm(
    const std::string& path, const std::vector<std::pair<std::string, std::string>>& fields) {
  const std::string url = base_url_ + path;
  std::string body;
  for (const auto& [k, v] : fields) {
    if (!body.empty()) body += '&';
    body += UrlEncode(k) + "=" + UrlEncode(v);
  }
  auto headers = impl_->Headers(url);
  if (!headers.ok()) return headers.error();
  impl_->Debug("-> POST " + url + " " + body);
  auto res =
      impl_->http->Post(impl_->prefix + path, *headers, body, "application/x-www-form-urlencoded");
  return impl_->Finish(res, url, false);
}

ApiResult<Collection> ApiClient::PostMultipart(const std::string& path,
                                               const std::vector<Part>& parts) {
  const std::string url = base_url_ + path;
  httplib::MultipartFormDataItems items;
  for (const auto& p : parts)
    items.push_back({p.name, p.content, p.filename, p.content_type});
  auto headers = impl_->Headers(url);
  if (!headers.ok()) return headers.error();
  impl_->Debug("-> POST " + url + " (multipart, " + std::to_string(parts.size()) + " parts)");
  auto res = impl_->http->Post(impl_->prefix + path, *headers, items);
  return impl_->Finish(res, url, false);
}

ApiResult<bool> ApiClient::Follow(
    const std::string& path_and_query,
    const std::function<bool(const std::string&, const std::string&)>& on_event) {
  const std::string url = base_url_ + path_and_query;
  auto headers = impl_->Headers(url);
  if (!headers.ok()) return headers.error();
  impl_->Debug("-> GET " + url + " (following)");
  // Events may be minutes apart: no read timeout worth the name.
  auto http = impl_->NewClient(24 * 3600);
  int status = 0;
  std::string error_body, pending, event, data;
  std::atomic<bool> stopped{false}, done{false};
  std::thread watcher([&] {
    while (!done) {
      if (impl_->options.cancel && *impl_->options.cancel) {
        stopped = true;
        http->stop();
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });
  auto res = http->Get(
      impl_->prefix + path_and_query, *headers,
      [&](const httplib::Response& r) {
        status = r.status;
        return true;
      },
      [&](const char* bytes, size_t n) {
        if (!IsSuccess(status)) {
          error_body.append(bytes, n);
          return true;
        }
        pending.append(bytes, n);
        // Events are blocks of "field: value" lines ended by an empty line.
        for (size_t eol; (eol = pending.find('\n')) != std::string::npos;) {
          std::string line = pending.substr(0, eol);
          pending.erase(0, eol + 1);
          if (!line.empty() && line.back() == '\r') line.pop_back();
          if (line.empty()) {
            if (!event.empty() || !data.empty()) {
              if (!on_event(event.empty() ? "message" : event, data)) {
                stopped = true;
                return false;
              }
            }
            event.clear();
            data.clear();
          } else if (line.rfind("event:", 0) == 0) {
            event = Trim(line.substr(line.size() > 6 && line[6] == ' ' ? 7 : 6));
          } else if (line.rfind("data:", 0) == 0) {
            const size_t v = line.size() > 5 && line[5] == ' ' ? 6 : 5;
            if (!data.empty()) data += '\n';
            data += line.substr(v);
          }  // comments (":...") and other fields are ignored
        }
        return true;
      });
  done = true;
  watcher.join();
  if (stopped) return true;
  if (!res && status == 0) {
    return ApiError{0, TransportError(res.error()), url};
  }
  if (!IsSuccess(status)) return ApiError{status, ErrorMessage(status, error_body), url};
  if (!res) {
    return ApiError{0, "the event stream broke (" + httplib::to_string(res.error()) + ")", url};
  }
  return true;
}

}  // namespace mig::client
