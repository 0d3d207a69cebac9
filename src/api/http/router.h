// Routes by method and path pattern (a regular expression matching the
// whole path, groups in req.matches) or path prefix, in the order they were
// added.
#pragma once

#include <functional>
#include <regex>
#include <string>
#include <vector>

#include "api/http/message.h"

namespace mig::api::http {

using Handler = std::function<void(const Request&, Response&)>;
using ReaderHandler = std::function<void(const Request&, Response&, const ContentReader&)>;

class Router {
 public:
  void Get(const std::string& pattern, Handler handler);
  void Post(const std::string& pattern, Handler handler);
  void Post(const std::string& pattern, ReaderHandler handler);
  // GET (and HEAD) of every path starting with prefix; req.matches is the
  // path and what follows the prefix. No regular expression runs over a
  // path of any length.
  void GetPrefix(const std::string& prefix, Handler handler);
  // Runs the first matching route; false when none matches (req.matches
  // filled for the matching one).
  bool Dispatch(Request& req, Response& res) const;

 private:
  struct Route {
    std::string method;
    std::regex pattern;
    Handler handler;
    std::string prefix;  // set: a prefix route, pattern unused
    bool is_prefix = false;
  };
  std::vector<Route> routes_;
};

}  // namespace mig::api::http
