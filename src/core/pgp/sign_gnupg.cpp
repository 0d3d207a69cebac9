// Signing through GPGME: the user's own GnuPG does the work.
#include <gpgme.h>

#include <cerrno>
#include <memory>

#include "core/pgp/one_line.h"
#include "core/pgp/sign.h"

namespace mig::pgp {
namespace {

struct ContextDeleter {
  void operator()(gpgme_ctx_t ctx) const { gpgme_release(ctx); }
};
struct DataDeleter {
  void operator()(gpgme_data_t data) const { gpgme_data_release(data); }
};
struct KeyDeleter {
  void operator()(gpgme_key_t key) const { gpgme_key_unref(key); }
};
using Context = std::unique_ptr<gpgme_context, ContextDeleter>;
using Data = std::unique_ptr<gpgme_data, DataDeleter>;
using Key = std::unique_ptr<_gpgme_key, KeyDeleter>;

std::string ErrorText(gpgme_error_t err) {
  return gpgme_strerror(err);
}

// Hands GnuPG the passphrase (hook = the std::string) when it asks.
gpgme_error_t GivePassphrase(void* hook, const char*, const char*, int, int fd) {
  const auto* pass = static_cast<const std::string*>(hook);
  const std::string line = *pass + "\n";
  if (gpgme_io_writen(fd, line.data(), line.size()) != 0) return gpgme_error_from_errno(errno);
  return 0;
}

}  // namespace

Result<MadeSignature> SignWithGnuPG(std::string_view data, const GnuPGOptions& options) {
  gpgme_check_version(nullptr);
  gpgme_ctx_t raw_ctx = nullptr;
  if (gpgme_error_t err = gpgme_new(&raw_ctx); err) {
    return Status::Error("cannot start GnuPG (GPGME): " + ErrorText(err));
  }
  Context ctx(raw_ctx);
  gpgme_set_protocol(ctx.get(), GPGME_PROTOCOL_OpenPGP);
  if (!options.home.empty()) {
    gpgme_ctx_set_engine_info(ctx.get(), GPGME_PROTOCOL_OpenPGP, nullptr, options.home.c_str());
  }
  if (!options.passphrase.empty()) {
    gpgme_set_pinentry_mode(ctx.get(), GPGME_PINENTRY_MODE_LOOPBACK);
    gpgme_set_passphrase_cb(ctx.get(), GivePassphrase,
                            const_cast<std::string*>(&options.passphrase));
  }
  gpgme_set_armor(ctx.get(), 0);
  gpgme_set_textmode(ctx.get(), 0);
  if (!options.fingerprint.empty()) {
    gpgme_key_t raw_key = nullptr;
    if (gpgme_error_t err = gpgme_get_key(ctx.get(), options.fingerprint.c_str(), &raw_key, 1);
        err) {
      return Status::Error("GnuPG has no secret key " + options.fingerprint + ": " +
                           ErrorText(err));
    }
    Key key(raw_key);
    gpgme_signers_add(ctx.get(), key.get());
  }
  gpgme_data_t raw_in = nullptr, raw_out = nullptr;
  gpgme_data_new_from_mem(&raw_in, data.data(), data.size(), 0);
  Data in(raw_in);
  gpgme_data_new(&raw_out);
  Data out(raw_out);
  if (!in || !out) return Status::Error("GPGME: out of memory");
  if (gpgme_error_t err = gpgme_op_sign(ctx.get(), in.get(), out.get(), GPGME_SIG_MODE_DETACH);
      err) {
    return Status::Error("GnuPG could not sign: " + ErrorText(err) +
                         (options.fingerprint.empty() ? " (is there a default secret key?)" : ""));
  }
  gpgme_sign_result_t result = gpgme_op_sign_result(ctx.get());
  if (!result || !result->signatures) return Status::Error("GnuPG made no signature");
  MadeSignature made;
  // The signature names the key that signed (maybe a subkey): report its primary.
  gpgme_key_t raw_signer = nullptr;
  if (gpgme_get_key(ctx.get(), result->signatures->fpr, &raw_signer, 0) == 0 && raw_signer) {
    Key signer(raw_signer);
    made.fingerprint = signer->subkeys && signer->subkeys->fpr ? signer->subkeys->fpr : "";
  }
  if (made.fingerprint.empty()) made.fingerprint = result->signatures->fpr;
  size_t len = 0;
  char* bytes = gpgme_data_release_and_get_mem(out.release(), &len);
  made.one_line = EncodeOneLine(std::string_view(bytes, len));
  gpgme_free(bytes);
  return made;
}

}  // namespace mig::pgp
