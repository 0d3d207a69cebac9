#include "api/http/router.h"

namespace mig::api::http {

void Router::Get(const std::string& pattern, Handler handler) {
  routes_.push_back(Route{"GET", std::regex(pattern), std::move(handler)});
}

void Router::Post(const std::string& pattern, Handler handler) {
  routes_.push_back(Route{"POST", std::regex(pattern), std::move(handler)});
}

void Router::Post(const std::string& pattern, ReaderHandler handler) {
  Post(pattern, Handler([handler = std::move(handler)](const Request& req, Response& res) {
         handler(req, res, [&req](const ContentReceiver& receiver) {
           return req.body.empty() || receiver(req.body.data(), req.body.size());
         });
       }));
}

bool Router::Dispatch(Request& req, Response& res) const {
  const std::string& method = req.method == "HEAD" ? std::string("GET") : req.method;
  for (const Route& r : routes_) {
    if (r.method != method) continue;
    std::smatch m;
    if (!std::regex_match(req.path, m, r.pattern)) continue;
    req.matches.assign(m.begin(), m.end());
    r.handler(req, res);
    return true;
  }
  return false;
}

}  // namespace mig::api::http
