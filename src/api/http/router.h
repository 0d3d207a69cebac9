// Routes by method and path pattern (a regular expression matching the
// whole path, groups in req.matches), in the order they were added.
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
  // Runs the first matching route; false when none matches (req.matches
  // filled for the matching one).
  bool Dispatch(Request& req, Response& res) const;

 private:
  struct Route {
    std::string method;
    std::regex pattern;
    Handler handler;
  };
  std::vector<Route> routes_;
};

}  // namespace mig::api::http
