#include "api/http/router.h"

namespace mig::api::http {

void Router::Get(const std::string& pattern, Handler handler) {
  routes_.push_back(Route{"GET", std::regex(pattern), std::move(handler), "", false});
}

void Router::Post(const std::string& pattern, Handler handler) {
  routes_.push_back(Route{"POST", std::regex(pattern), std::move(handler), "", false});
}

void Router::Post(const std::string& pattern, ReaderHandler handler) {
  Post(pattern, Handler([handler = std::move(handler)](const Request& req, Response& res) {
         handler(req, res, [&req](const ContentReceiver& receiver) {
           return req.body.empty() || receiver(req.body.data(), req.body.size());
         });
       }));
}

void Router::GetPrefix(const std::string& prefix, Handler handler) {
  Route r;
  r.method = "GET";
  r.handler = std::move(handler);
  r.prefix = prefix;
  r.is_prefix = true;
  routes_.push_back(std::move(r));
}

bool Router::Dispatch(Request& req, Response& res) const {
  const std::string& method = req.method == "HEAD" ? std::string("GET") : req.method;
  for (const Route& r : routes_) {
    if (r.method != method) continue;
    if (r.is_prefix) {
      if (req.path.compare(0, r.prefix.size(), r.prefix) != 0) continue;
      req.matches = {req.path, req.path.substr(r.prefix.size())};
      r.handler(req, res);
      return true;
    }
    std::smatch m;
    if (!std::regex_match(req.path, m, r.pattern)) continue;
    req.matches.assign(m.begin(), m.end());
    r.handler(req, res);
    return true;
  }
  return false;
}

}  // namespace mig::api::http
