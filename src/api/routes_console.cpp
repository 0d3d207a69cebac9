// The web console's files: GET/HEAD /console/... from [console] root, to
// anyone (the page holds no secret: the investigator's key stays in the
// browser, and every API call it makes is authenticated on its own).
#include "api/console_files.h"
#include "api/context.h"

namespace mig::api {
namespace {

void ServeConsoleFile(ApiContext& ctx, const http::Request& req, http::Response& res,
                      const std::string& rest) {
  CurrentRequest().category = "console";
  if (ctx.console_root.empty()) {
    SendError(ctx, req, res, 404, "the web console is not enabled on this server ([console] root)");
    return AddConsoleHeaders(res);
  }
  auto relative = ConsoleRelativePath(rest);
  if (!relative) {
    SendError(ctx, req, res, 404, "no such console file: " + req.path);
    CurrentRequest().error += " (refused path)";
    return AddConsoleHeaders(res);
  }
  ConsoleRead file = ReadConsoleFile(ctx.console_root, *relative);
  if (file.status != 200) {
    SendError(ctx, req, res, file.status, "no such console file: " + req.path);
    CurrentRequest().error += " (" + file.why + ")";
    return AddConsoleHeaders(res);
  }
  res.status = 200;
  res.set_content(file.content, ConsoleContentType(*relative));
  AddConsoleHeaders(res);
}

}  // namespace

void AddConsoleHeaders(http::Response& res) {
  for (const auto& [name, value] : ConsoleHeaders()) {
    res.headers.erase(name);
    res.headers.emplace(name, value);
  }
}

void AddConsoleRoutes(http::Router& s, ApiContext& ctx) {
  const std::string prefix(kConsolePrefix);
  s.Get(prefix, [prefix](const http::Request&, http::Response& res) {
    CurrentRequest().category = "console";
    res.status = 301;
    res.set_header("Location", prefix + "/");
    AddConsoleHeaders(res);
  });
  s.GetPrefix(prefix + "/", [&ctx](const http::Request& req, http::Response& res) {
    ServeConsoleFile(ctx, req, res, req.matches[1]);
  });
}

}  // namespace mig::api
