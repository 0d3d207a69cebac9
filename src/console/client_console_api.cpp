#include "console/client_console_api.h"

#include <iostream>

namespace mig::console {
namespace {

std::vector<ApiItem> ToItems(const client::Collection& c) {
  std::vector<ApiItem> items;
  for (const auto& i : c.items) {
    ApiItem item;
    item.href = i.href;
    for (const auto& d : i.data)
      item.data.emplace_back(d.name, d.value);
    items.push_back(std::move(item));
  }
  return items;
}

template <typename T>
Result<std::vector<ApiItem>> Items(const client::ApiResult<T>& r) {
  if (!r) return Result<std::vector<ApiItem>>::Error(r.error().ToString());
  return ToItems(*r);
}

std::string WithQuery(const std::string& endpoint, const Params& params) {
  std::string out = endpoint;
  char sep = '?';
  for (const auto& [k, v] : params) {
    out += sep + client::UrlEncode(k) + "=" + client::UrlEncode(v);
    sep = '&';
  }
  return out;
}

}  // namespace

Result<std::unique_ptr<ClientConsoleApi>> ClientConsoleApi::Create(const client::Migrc& rc,
                                                                   bool verbose) {
  client::ApiClientOptions options = client::ApiOptionsFromMigrc(rc);
  if (verbose) options.debug = [](const std::string& line) { std::cerr << line << "\n"; };
  auto c = client::ApiClient::Create(std::move(options));
  if (!c) return c.status();
  return std::unique_ptr<ClientConsoleApi>(new ClientConsoleApi(rc, std::move(*c)));
}

Result<std::vector<ApiItem>> ClientConsoleApi::Get(const std::string& endpoint,
                                                   const Params& params) {
  return Items(client_->Get(WithQuery(endpoint, params)));
}

Result<std::string> ClientConsoleApi::GetRaw(const std::string& uri) {
  // A full URL must point below our API: the token is for this server only.
  std::string path = uri;
  if (path.rfind("http://", 0) == 0 || path.rfind("https://", 0) == 0) {
    if (path.rfind(client_->url(), 0) != 0)
      return Result<std::string>::Error("query only reaches this console's API, " + client_->url() +
                                        "; give a path below it, e.g. search?type=agent");
    path = path.substr(client_->url().size());
  }
  while (!path.empty() && path[0] == '/')
    path.erase(0, 1);
  auto r = client_->Get(path);
  if (!r) return Result<std::string>::Error(r.error().ToString());
  // Re-encode the decoded collection: what the person wants to read.
  Json items = Json::array();
  for (const auto& i : r->items) {
    Json data = Json::array();
    for (const auto& d : i.data)
      data.push_back({{"name", d.name}, {"value", d.value}});
    items.push_back({{"href", i.href}, {"data", data}});
  }
  return Json{{"collection", {{"href", r->href}, {"items", items}}}}.dump();
}

Result<std::vector<ApiItem>> ClientConsoleApi::PostForm(const std::string& endpoint,
                                                        const Params& form) {
  return Items(client_->PostForm(endpoint, form));
}

Result<std::vector<ApiItem>> ClientConsoleApi::CreateInvestigator(
    const std::string& name, const std::string& permissions_json,
    const std::string& armored_pubkey) {
  return Items(client_->PostMultipart(
      "investigator/create/",
      {{"name", name, "", ""},
       {"permissions", permissions_json, "", ""},
       {"publickey", armored_pubkey, "publickey.asc", "application/octet-stream"}}));
}

Result<std::string> ClientConsoleApi::Sign(const std::string& data) {
  return client::SignWithMigrc(rc_, data);
}

std::string ClientConsoleApi::BaseUrl() const {
  return client_->url();
}

std::string ClientConsoleApi::ExpandTarget(const std::string& target) const {
  auto it = rc_.macros.find(target);
  return it == rc_.macros.end() ? target : it->second;
}

std::string ClientConsoleApi::ConfigText() const {
  std::string out = "configuration " + rc_.path + "\n[api]\n    url = " + rc_.api_url +
                    "\n    skipverifycert = " + (rc_.skip_verify_cert ? "on" : "off") +
                    "\n[gpg]\n    home = " + rc_.gpg_home + "\n    keyid = " + rc_.key_id +
                    "\n    keyserver = " + rc_.keyserver +
                    "\n    useapikeyauth = " + (rc_.api_key.empty() ? "" : "(set)") +
                    "\n[targets]\n";
  for (const auto& [name, expr] : rc_.macros)
    out += "    macro = " + name + ":" + expr + "\n";
  return out;
}

}  // namespace mig::console
