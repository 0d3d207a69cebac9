#include "core/pgp/rnp_handles.h"

#include <fcntl.h>

namespace mig::pgp::rnp {

Ffi NewFfi() {
  rnp_ffi_t ffi = nullptr;
  if (rnp_ffi_create(&ffi, "GPG", "GPG") != RNP_SUCCESS) return nullptr;
  static const int dev_null = open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (dev_null >= 0) rnp_ffi_set_log_fd(ffi, dev_null);
  return Ffi(ffi);
}

}  // namespace mig::pgp::rnp
