#include "api/http/server.h"

#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <optional>
#include <thread>
#include <type_traits>
#include <vector>

#include "api/http/connection_table.h"

namespace mig::api::http {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
using error_code = boost::system::error_code;
using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

constexpr int kIoThreads = 2;
// After an answer that ends a connection whose request was not read whole:
// what is still read (and dropped) so that the client sees the answer
// rather than a reset.
constexpr size_t kLingerBytes = 1024 * 1024;
constexpr std::chrono::seconds kLingerTime{2};

struct Shared {
  Shared(const Router& r, Limits l, Hooks h, int workers)
      : router(r),
        limits(l),
        hooks(std::move(h)),
        table(l.max_connections_per_address, l.max_connections),
        pool(static_cast<size_t>(workers)) {}
  const Router& router;
  const Limits limits;
  const Hooks hooks;
  ConnectionTable table;
  net::thread_pool pool;
};

std::string StatusLine(int status) {
  const auto reason = bhttp::obsolete_reason(static_cast<bhttp::status>(status));
  return "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason.data(), reason.size()) +
         "\r\n";
}

// A sink that collects one stream step's writes.
class StepSink : public DataSink {
 public:
  explicit StepSink(const std::atomic<bool>& closed) : closed_(closed) {}
  bool write(const char* data, size_t size) override {
    if (closed_) return false;
    data_.append(data, size);
    return true;
  }
  void done() override { done_ = true; }
  bool is_writable() const override { return !closed_; }
  std::string data_;
  bool done_ = false;

 private:
  const std::atomic<bool>& closed_;
};

// Query, urlencoded body and multipart parts into params and files; false
// when the multipart body is malformed.
bool FillParams(Request& req) {
  const size_t q = req.target.find('?');
  if (q != std::string::npos) ParseQuery(req.target.substr(q + 1), req.params);
  const std::string type = req.get_header_value("Content-Type");
  if (req.is_multipart_form_data()) return ParseMultipart(type, req.body, req.files);
  if (type.rfind("application/x-www-form-urlencoded", 0) == 0) ParseQuery(req.body, req.params);
  return true;
}

template <class Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
 public:
  Session(Stream stream, Shared& shared, std::string address, int port)
      : stream_(std::move(stream)),
        shared_(shared),
        address_(std::move(address)),
        port_(port),
        timer_(stream_.get_executor()) {}
  ~Session() { shared_.table.Release(address_); }

  void Start() {
    if constexpr (std::is_same_v<Stream, TlsStream>) {
      Tcp().expires_after(shared_.limits.header_timeout);
      stream_.async_handshake(net::ssl::stream_base::server,
                              [self = this->shared_from_this()](error_code ec) {
                                if (ec) return self->Drop();
                                self->WaitForRequest();
                              });
    } else {
      WaitForRequest();
    }
  }

 private:
  beast::tcp_stream& Tcp() { return beast::get_lowest_layer(stream_); }

  // Idle until the client sends something (idle_timeout), without a
  // buffer or a worker; then the head must come within header_timeout.
  void WaitForRequest() {
    if (buffer_.size() > 0 || std::is_same_v<Stream, TlsStream>) {
      // Bytes already here (pipelined), or TLS, whose records the socket
      // cannot tell from data: the idle time counts towards the head.
      return ReadHeader(buffer_.size() > 0
                            ? shared_.limits.header_timeout
                            : shared_.limits.idle_timeout + shared_.limits.header_timeout);
    }
    auto self = this->shared_from_this();
    timer_.expires_after(shared_.limits.idle_timeout);
    timer_.async_wait([self](error_code ec) {
      if (!ec) self->Tcp().socket().cancel();
    });
    Tcp().socket().async_wait(tcp::socket::wait_read, [self](error_code ec) {
      self->timer_.cancel();
      if (ec) return self->Drop();
      self->ReadHeader(self->shared_.limits.header_timeout);
    });
  }

  void ReadHeader(std::chrono::milliseconds timeout) {
    req_ = Request{};
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(shared_.limits.max_header_bytes));
    parser_->body_limit(shared_.limits.max_body_bytes);
    Tcp().expires_after(timeout);
    bhttp::async_read_header(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](error_code ec, size_t) { self->OnHeader(ec); });
  }

  void OnHeader(error_code ec) {
    if (ec == bhttp::error::header_limit) return Refuse(431);
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
        ec == net::error::operation_aborted || ec == net::error::connection_reset ||
        ec == net::error::eof)
      return Drop();
    if (ec == bhttp::error::body_limit) return Refuse(413);
    if (ec) return Refuse(400);
    const auto& head = parser_->get();
    req_.method = std::string(head.method_string());
    req_.target = std::string(head.target());
    req_.version = head.version() == 10 ? "HTTP/1.0" : "HTTP/1.1";
    req_.remote_addr = address_;
    req_.remote_port = port_;
    for (const auto& f : head)
      req_.headers.emplace(std::string(f.name_string()), std::string(f.value()));
    req_.path = DecodePath(req_.target.substr(0, req_.target.find('?')));
    keep_alive_ = head.keep_alive();
    // The application decides on the head alone whether a body is taken.
    net::post(shared_.pool, [self = this->shared_from_this()] {
      auto res = std::make_shared<Response>();
      if (self->shared_.hooks.screen && self->shared_.hooks.screen(self->req_, *res)) {
        self->Finish(*res);
        return net::post(self->stream_.get_executor(),
                         [self, res] { self->Write(res, /*close=*/true); });
      }
      net::post(self->stream_.get_executor(), [self] { self->ReadBody(); });
    });
  }

  void ReadBody() {
    if (parser_->is_done()) return Dispatch();
    if (beast::iequals(req_.get_header_value("Expect"), "100-continue")) {
      auto line = std::make_shared<std::string>("HTTP/1.1 100 Continue\r\n\r\n");
      Tcp().expires_after(shared_.limits.io_timeout);
      return net::async_write(stream_, net::buffer(*line),
                              [self = this->shared_from_this(), line](error_code ec, size_t) {
                                if (ec) return self->Drop();
                                self->ReadBodyNow();
                              });
    }
    ReadBodyNow();
  }

  void ReadBodyNow() {
    Tcp().expires_after(shared_.limits.io_timeout);
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = this->shared_from_this()](error_code ec, size_t) {
                        if (ec == bhttp::error::body_limit) return self->Refuse(413);
                        if (ec) return self->Drop();
                        self->Dispatch();
                      });
  }

  // Runs the route on a worker, then answers from the connection's strand.
  void Dispatch() {
    req_.body = std::move(parser_->get().body());
    parser_.reset();
    net::post(shared_.pool, [self = this->shared_from_this()] {
      auto res = std::make_shared<Response>();
      const Hooks& hooks = self->shared_.hooks;
      Request& req = self->req_;
      try {
        if (!FillParams(req)) {
          res->status = 400;
        } else if (!self->shared_.router.Dispatch(req, *res)) {
          res->status = 404;
        }
      } catch (const std::exception& e) {
        *res = Response{};
        if (hooks.exception) hooks.exception(req, *res, e.what());
      } catch (...) {
        *res = Response{};
        if (hooks.exception) hooks.exception(req, *res, "unknown exception");
      }
      if (res->status == -1) res->status = 200;
      self->Finish(*res);
      net::post(self->stream_.get_executor(), [self, res] {
        if (res->stream) return self->StartStream(res);
        self->Write(res, !self->keep_alive_);
      });
    });
  }

  // Error bodies and the log line, on the worker that decided.
  void Finish(Response& res) {
    if (res.status >= 400 && res.body.empty() && !res.stream && shared_.hooks.error_body)
      shared_.hooks.error_body(req_, res);
    if (shared_.hooks.log) shared_.hooks.log(req_, res);
  }

  // An answer to a request that could not be read: logged, then the
  // connection ends.
  void Refuse(int status) {
    if (req_.method.empty() && parser_) {
      const auto& head = parser_->get();
      req_.method = std::string(head.method_string());
      req_.target = std::string(head.target());
      req_.version = "HTTP/1.1";
      req_.remote_addr = address_;
      req_.remote_port = port_;
    }
    parser_.reset();
    net::post(shared_.pool, [self = this->shared_from_this(), status] {
      auto res = std::make_shared<Response>();
      res->status = status;
      self->Finish(*res);
      net::post(self->stream_.get_executor(), [self, res] { self->Write(res, true); });
    });
  }

  void Write(const std::shared_ptr<Response>& res, bool close) {
    auto out = std::make_shared<bhttp::response<bhttp::string_body>>();
    out->result(static_cast<unsigned>(res->status));
    out->version(11);
    for (const auto& [name, value] : res->headers)
      out->insert(name, value);
    const bool head = req_.method == "HEAD";
    out->body() = head ? std::string() : std::move(res->body);
    out->keep_alive(!close);
    out->prepare_payload();
    if (head) out->content_length(res->body.size());
    Tcp().expires_after(shared_.limits.io_timeout);
    bhttp::async_write(stream_, *out,
                       [self = this->shared_from_this(), out, close](error_code ec, size_t) {
                         if (ec) return self->Drop();
                         if (close) return self->Linger();
                         self->WaitForRequest();
                       });
  }

  // Server-sent events: the head, then one chunk per step that wrote
  // something, a step every stream_interval on a worker; the connection
  // ends with the stream. Between steps the stream holds no thread.
  void StartStream(const std::shared_ptr<Response>& res) {
    stream_res_ = res;
    std::string head = StatusLine(res->status);
    for (const auto& [name, value] : res->headers)
      head += name + ": " + value + "\r\n";
    head += "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
    auto bytes = std::make_shared<std::string>(std::move(head));
    auto self = this->shared_from_this();
    // A client that sends anything or goes away ends its stream.
    Tcp().socket().async_wait(tcp::socket::wait_read, [self](error_code) {
      self->closed_ = true;
      self->timer_.cancel();
    });
    Tcp().expires_after(shared_.limits.io_timeout);
    net::async_write(stream_, net::buffer(*bytes), [self, bytes](error_code ec, size_t) {
      if (ec) return self->Drop();
      self->StreamStep();
    });
  }

  void StreamStep() {
    if (closed_) return Drop();
    net::post(shared_.pool, [self = this->shared_from_this()] {
      auto sink = std::make_shared<StepSink>(self->closed_);
      bool more = false;
      try {
        more = self->stream_res_->stream(*sink);
      } catch (...) {
        more = false;
      }
      net::post(self->stream_.get_executor(), [self, sink, more] {
        const bool end = !more || sink->done_;
        auto bytes = std::make_shared<std::string>();
        if (!sink->data_.empty()) {
          char size[24];
          std::snprintf(size, sizeof(size), "%zx\r\n", sink->data_.size());
          *bytes = size + sink->data_ + "\r\n";
        }
        if (end) *bytes += "0\r\n\r\n";
        if (bytes->empty()) return self->NextStep();
        self->Tcp().expires_after(self->shared_.limits.io_timeout);
        net::async_write(self->stream_, net::buffer(*bytes),
                         [self, bytes, end](error_code ec, size_t) {
                           if (ec) return self->Drop();
                           if (end) return self->Linger();
                           self->NextStep();
                         });
      });
    });
  }

  void NextStep() {
    if (closed_) return Drop();
    timer_.expires_after(stream_res_->stream_interval);
    timer_.async_wait([self = this->shared_from_this()](error_code) { self->StreamStep(); });
  }

  // Ends the connection after an answer: no more sending, and what the
  // client still sends is read for a little while so that it gets the
  // answer, not a reset.
  void Linger() {
    if constexpr (std::is_same_v<Stream, TlsStream>) {
      Tcp().expires_after(kLingerTime);
      stream_.async_shutdown([self = this->shared_from_this()](error_code) { self->Drop(); });
    } else {
      error_code ec;
      Tcp().socket().shutdown(tcp::socket::shutdown_send, ec);
      if (ec) return Drop();
      Tcp().expires_after(kLingerTime);
      LingerRead();
    }
  }

  void LingerRead() {
    buffer_.clear();
    Tcp().async_read_some(buffer_.prepare(64 * 1024),
                          [self = this->shared_from_this()](error_code ec, size_t n) {
                            self->lingered_ += n;
                            if (ec || self->lingered_ > kLingerBytes) return self->Drop();
                            self->LingerRead();
                          });
  }

  void Drop() {
    closed_ = true;
    timer_.cancel();
    error_code ec;
    Tcp().socket().close(ec);
  }

  Stream stream_;
  Shared& shared_;
  const std::string address_;
  const int port_;
  net::steady_timer timer_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  Request req_;
  bool keep_alive_ = true;
  std::shared_ptr<Response> stream_res_;
  std::atomic<bool> closed_{false};
  size_t lingered_ = 0;
};

}  // namespace

struct Server::Impl {
  Impl(const Router& router, Limits limits, Hooks hooks, int workers)
      : shared(router, limits, std::move(hooks), workers), acceptor(io), retry(io) {}

  void Accept() {
    acceptor.async_accept(net::make_strand(io), [this](error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
      if (ec) {
        // Out of descriptors, most likely: try again shortly, not in a loop.
        retry.expires_after(std::chrono::milliseconds(50));
        return retry.async_wait([this](error_code e) {
          if (!e) Accept();
        });
      }
      OnAccept(std::move(socket));
      Accept();
    });
  }

  void OnAccept(tcp::socket socket) {
    error_code ec;
    const auto peer = socket.remote_endpoint(ec);
    if (ec) return;
    std::string address = peer.address().to_string();
    if (peer.address().is_v6() && peer.address().to_v6().is_v4_mapped())
      address = peer.address().to_v6().to_v4().to_string();
    if (!shared.table.Admit(address)) return;  // closed as it goes out of scope
    socket.set_option(tcp::no_delay(true), ec);
    if (tls) {
      std::make_shared<Session<TlsStream>>(TlsStream(std::move(socket), *tls), shared, address,
                                           peer.port())
          ->Start();
    } else {
      std::make_shared<Session<PlainStream>>(PlainStream(std::move(socket)), shared, address,
                                             peer.port())
          ->Start();
    }
  }

  Shared shared;  // outlives the sessions io owns
  net::io_context io{kIoThreads};
  std::unique_ptr<net::ssl::context> tls;
  tcp::acceptor acceptor;
  net::steady_timer retry;
  std::atomic<bool> running{false};
  std::vector<std::thread> threads;
};

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() {
  Stop();
  for (auto& t : impl_->threads)
    if (t.joinable()) t.join();
  impl_->shared.pool.join();
}

Result<std::unique_ptr<Server>> Server::Create(const Router& router, Limits limits, Hooks hooks,
                                               int workers, const std::string& tls_cert,
                                               const std::string& tls_key) {
  auto impl = std::make_unique<Impl>(router, limits, std::move(hooks), workers);
  if (!tls_cert.empty()) {
    auto ctx = std::make_unique<net::ssl::context>(net::ssl::context::tls_server);
    error_code ec;
    ctx->set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 |
                         net::ssl::context::no_sslv3 | net::ssl::context::no_tlsv1 |
                         net::ssl::context::no_tlsv1_1,
                     ec);
    ctx->use_certificate_chain_file(tls_cert, ec);
    if (!ec) ctx->use_private_key_file(tls_key, net::ssl::context::pem, ec);
    if (ec)
      return Status::Error("cannot load TLS certificate '" + tls_cert + "' or key '" + tls_key +
                           "' (PEM files expected): " + ec.message());
    impl->tls = std::move(ctx);
  }
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Result<int> Server::Bind(const std::string& ip, int port) {
  error_code ec;
  const auto address = net::ip::make_address(ip, ec);
  if (ec) return Status::Error("cannot listen on '" + ip + "': not an IP address");
  const tcp::endpoint endpoint(address, static_cast<unsigned short>(port));
  auto& a = impl_->acceptor;
  a.open(endpoint.protocol(), ec);
  if (!ec) a.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(endpoint, ec);
  if (!ec) a.listen(net::socket_base::max_listen_connections, ec);
  if (ec)
    return Status::Error("cannot listen on " + ip + ":" + std::to_string(port) + " (" +
                         ec.message() + ")");
  return static_cast<int>(a.local_endpoint().port());
}

Status Server::Serve() {
  if (!impl_->acceptor.is_open()) return Status::Error("Serve() before Bind()");
  impl_->running = true;
  impl_->Accept();
  for (int i = 1; i < kIoThreads; ++i)
    impl_->threads.emplace_back([this] { impl_->io.run(); });
  impl_->io.run();
  impl_->running = false;
  return Status::Ok();
}

void Server::Stop() {
  net::post(impl_->io, [impl = impl_.get()] {
    error_code ec;
    impl->acceptor.close(ec);
  });
  impl_->io.stop();
}

bool Server::is_running() const {
  return impl_->running;
}

}  // namespace mig::api::http
