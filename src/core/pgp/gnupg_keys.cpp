#include "core/pgp/gnupg_keys.h"

#include <gpgme.h>

#include <memory>

namespace mig::pgp {
namespace {

struct ContextDeleter {
  void operator()(gpgme_ctx_t ctx) const { gpgme_release(ctx); }
};
struct DataDeleter {
  void operator()(gpgme_data_t data) const { gpgme_data_release(data); }
};

bool IsHex(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
  }
  return true;
}

}  // namespace

Result<std::string> ExportPublicKeysFromGnuPG(const std::vector<std::string>& key_ids,
                                              const std::string& home) {
  // Only hex goes to GnuPG as a pattern: what a signature claims is
  // attacker-controlled text, and a pattern like "" or "@" matches any key.
  std::vector<const char*> patterns;
  for (const auto& id : key_ids) {
    if (IsHex(id) && (id.size() == 16 || id.size() == 40 || id.size() == 64))
      patterns.push_back(id.c_str());
  }
  if (patterns.empty()) return std::string();
  patterns.push_back(nullptr);

  gpgme_check_version(nullptr);
  gpgme_ctx_t raw_ctx = nullptr;
  if (gpgme_error_t err = gpgme_new(&raw_ctx); err) {
    return Status::Error(std::string("cannot start GnuPG (GPGME): ") + gpgme_strerror(err));
  }
  std::unique_ptr<gpgme_context, ContextDeleter> ctx(raw_ctx);
  gpgme_set_protocol(ctx.get(), GPGME_PROTOCOL_OpenPGP);
  if (!home.empty())
    gpgme_ctx_set_engine_info(ctx.get(), GPGME_PROTOCOL_OpenPGP, nullptr, home.c_str());
  gpgme_set_armor(ctx.get(), 0);
  gpgme_data_t raw_out = nullptr;
  if (gpgme_data_new(&raw_out) != 0) return Status::Error("GPGME: out of memory");
  std::unique_ptr<gpgme_data, DataDeleter> out(raw_out);
  if (gpgme_error_t err = gpgme_op_export_ext(ctx.get(), patterns.data(), 0, out.get()); err) {
    return Status::Error(std::string("GnuPG could not export public keys: ") + gpgme_strerror(err));
  }
  size_t len = 0;
  char* bytes = gpgme_data_release_and_get_mem(out.release(), &len);
  std::string keys(bytes ? bytes : "", len);
  gpgme_free(bytes);
  return keys;
}

}  // namespace mig::pgp
