#include "core/pgp/rnp_handles.h"

#include <fcntl.h>
#include <unistd.h>

namespace mig::pgp::rnp {

Ffi NewFfi() {
  rnp_ffi_t ffi = nullptr;
  if (rnp_ffi_create(&ffi, "GPG", "GPG") != RNP_SUCCESS) return nullptr;
  // librnp fdopen()s the descriptor and fcloses it when the ffi goes away,
  // so every ffi needs a descriptor of its own: sharing one closed it again
  // later, by then the number of an unrelated socket or file.
  const int dev_null = open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (dev_null >= 0 && rnp_ffi_set_log_fd(ffi, dev_null) != RNP_SUCCESS) close(dev_null);
  return Ffi(ffi);
}

}  // namespace mig::pgp::rnp
