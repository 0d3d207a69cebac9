#include "modules/firewall/engine/nft_session.h"

#if defined(MIG_HAVE_LIBNFTABLES)
#include <nftables/libnftables.h>
#endif

namespace mig::modules::firewall {
namespace {

// libnftables' error text: "Error: ..." lines with the command and a caret
// line under it; the caret lines say nothing in a one-line message.
std::string CleanError(const std::string& text) {
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    if (line.find_first_not_of(" \t^~") == std::string::npos) continue;
    if (!out.empty()) out += "; ";
    out += line;
  }
  return out.empty() ? "nft failed without saying why" : out;
}

}  // namespace

#if defined(MIG_HAVE_LIBNFTABLES)

Result<std::unique_ptr<NftSession>> NftSession::Open() {
  nft_ctx* ctx = nft_ctx_new(NFT_CTX_DEFAULT);
  if (!ctx) return Result<std::unique_ptr<NftSession>>::Error("libnftables: no context");
  if (nft_ctx_buffer_output(ctx) != 0 || nft_ctx_buffer_error(ctx) != 0) {
    nft_ctx_free(ctx);
    return Result<std::unique_ptr<NftSession>>::Error("libnftables: cannot buffer its output");
  }
  return std::unique_ptr<NftSession>(new NftSession(ctx));
}

NftSession::~NftSession() {
  nft_ctx_free(ctx_);
}

bool NftSession::Run(const std::string& text, std::string* output, std::string* error) {
  const int rc = nft_run_cmd_from_buffer(ctx_, text.c_str());
  const char* out = nft_ctx_get_output_buffer(ctx_);
  const char* err = nft_ctx_get_error_buffer(ctx_);
  if (output) *output = out ? out : "";
  if (error) *error = err ? err : "";
  return rc == 0;
}

Status NftSession::Apply(const std::vector<std::string>& commands) {
  std::string script;
  for (const auto& c : commands)
    script += c + "\n";
  std::string error;
  nft_ctx_output_set_flags(ctx_, 0);
  if (!Run(script, nullptr, &error)) return Status::Error("nft: " + CleanError(error));
  return Status::Ok();
}

Result<Json> NftSession::ListTable() {
  nft_ctx_output_set_flags(ctx_, NFT_CTX_OUTPUT_JSON);
  std::string output, error;
  if (!Run("list tables inet", &output, &error))
    return Result<Json>::Error("nft: " + CleanError(error));
  Json tables = Json::parse(output, nullptr, false);
  if (tables.is_discarded()) return Result<Json>::Error("nft: unreadable JSON listing");
  bool found = false;
  if (tables.is_object() && tables.contains("nftables") && tables["nftables"].is_array()) {
    for (const auto& item : tables["nftables"])
      if (item.is_object() && item.contains("table") && item["table"].value("name", "") == "mig")
        found = true;
  }
  if (!found) return Json(nullptr);
  if (!Run("list table inet mig", &output, &error))
    return Result<Json>::Error("nft: " + CleanError(error));
  Json table = Json::parse(output, nullptr, false);
  if (table.is_discarded()) return Result<Json>::Error("nft: unreadable JSON listing");
  return table;
}

#else

Result<std::unique_ptr<NftSession>> NftSession::Open() {
  (void)CleanError;
  return Result<std::unique_ptr<NftSession>>::Error(
      "this mig-agent was built without libnftables: the firewall module cannot run here");
}

NftSession::~NftSession() = default;

bool NftSession::Run(const std::string&, std::string*, std::string*) {
  return false;
}

Status NftSession::Apply(const std::vector<std::string>&) {
  return Status::Error("no libnftables");
}

Result<Json> NftSession::ListTable() {
  return Result<Json>::Error("no libnftables");
}

#endif

}  // namespace mig::modules::firewall
