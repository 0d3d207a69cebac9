// GET /modules and POST /module/parameters (docs/api.md): each module's
// flags as its own FlagSet registration describes them, and the parameters
// `mig NAME ARGS` would put in an action. They read nothing from the fleet
// or the store, so any authenticated caller may use them; mig-api links the
// modules' specs only, never an engine.
#include "api/context.h"
#include "api/module_request.h"
#include "core/gojson.h"
#include "modules/registry.h"

namespace mig::api {
namespace {

// {"name","kind","usage","flags":[{"name","type","help"}]}
std::string WriteModule(const modules::Module& m) {
  std::string out = "{\"name\":";
  AppendGoString(out, m.Name());
  out += ",\"kind\":";
  AppendGoString(out, modules::KindName(m.Kind()));
  out += ",\"usage\":";
  AppendGoString(out, m.Usage());
  out += ",\"flags\":[";
  bool first = true;
  for (const auto& f : m.Flags()) {
    if (!first) out += ',';
    first = false;
    out += "{\"name\":";
    AppendGoString(out, f.name);
    out += ",\"type\":";
    AppendGoString(out, modules::FlagTypeName(f.type));
    out += ",\"help\":";
    AppendGoString(out, f.help);
    out += '}';
  }
  return out + "]}";
}

void ListModules(ApiContext& ctx, const http::Request& req, http::Response& res) {
  if (!Authorize(ctx, req, res, /*permission=*/0)) return;
  Collection c;
  c.href = RequestHref(ctx, req);
  for (const auto& name : modules::ModuleNames()) {
    auto m = modules::CreateModule(name);
    if (!m) continue;
    c.items.push_back(CjItem{ctx.BaseUrl() + "/modules", {{"module", WriteModule(*m)}}, {}});
  }
  SendCollection(res, 200, c);
}

void ModuleParameters(ApiContext& ctx, const http::Request& req, http::Response& res,
                      const http::ContentReader& reader) {
  if (!Authorize(ctx, req, res, /*permission=*/0)) return;
  auto form = ReadForm(ctx, req, res, reader);
  if (!form) return;
  auto request = ParseModuleRequest(*form, ctx.config.max_body_bytes);
  if (!request) return SendError(ctx, req, res, 400, request.error());
  auto module = modules::CreateModule(request->module);
  if (!module)
    return SendError(ctx, req, res, 400,
                     "unknown module '" + request->module + "' (see GET /modules)");
  // The module's file flags read only what the client uploaded.
  const modules::UploadedFiles files(std::move(request->files));
  auto params = module->ParametersFromArgs(request->args, files);
  if (!params)
    return SendError(ctx, req, res, 400, "mig " + request->module + ": " + params.error());
  Collection c;
  c.href = RequestHref(ctx, req);
  c.items.push_back(
      CjItem{ctx.BaseUrl() + "/module/parameters", {{"parameters", GoJsonEncode(*params)}}, {}});
  SendCollection(res, 200, c);
}

}  // namespace

void AddModuleRoutes(http::Router& s, ApiContext& ctx) {
  s.Get(ctx.Route("/modules"),
        [&ctx](const http::Request& req, http::Response& res) { ListModules(ctx, req, res); });
  s.Post(ctx.Route("/module/parameters"),
         [&ctx](const http::Request& req, http::Response& res, const http::ContentReader& r) {
           ModuleParameters(ctx, req, res, r);
         });
}

}  // namespace mig::api
