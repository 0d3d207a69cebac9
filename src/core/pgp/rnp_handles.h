// Owning wrappers for librnp handles, used inside core/pgp only.
#pragma once

#include <rnp/rnp.h>
#include <rnp/rnp_err.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace mig::pgp::rnp {

struct FfiDeleter {
  void operator()(rnp_ffi_t p) const { rnp_ffi_destroy(p); }
};
struct InputDeleter {
  void operator()(rnp_input_t p) const { rnp_input_destroy(p); }
};
struct OutputDeleter {
  void operator()(rnp_output_t p) const { rnp_output_destroy(p); }
};
struct KeyDeleter {
  void operator()(rnp_key_handle_t p) const { rnp_key_handle_destroy(p); }
};
struct SignatureDeleter {
  void operator()(rnp_signature_handle_t p) const { rnp_signature_handle_destroy(p); }
};
struct VerifyDeleter {
  void operator()(rnp_op_verify_t p) const { rnp_op_verify_destroy(p); }
};
struct SignDeleter {
  void operator()(rnp_op_sign_t p) const { rnp_op_sign_destroy(p); }
};
struct IteratorDeleter {
  void operator()(rnp_identifier_iterator_t p) const { rnp_identifier_iterator_destroy(p); }
};

using Ffi = std::unique_ptr<rnp_ffi_st, FfiDeleter>;
using Input = std::unique_ptr<rnp_input_st, InputDeleter>;
using Output = std::unique_ptr<rnp_output_st, OutputDeleter>;
using Key = std::unique_ptr<rnp_key_handle_st, KeyDeleter>;
using Signature = std::unique_ptr<rnp_signature_handle_st, SignatureDeleter>;
using VerifyOp = std::unique_ptr<rnp_op_verify_st, VerifyDeleter>;
using SignOp = std::unique_ptr<rnp_op_sign_st, SignDeleter>;
using Iterator = std::unique_ptr<rnp_identifier_iterator_st, IteratorDeleter>;

// A new FFI object with GnuPG-format keyrings, or null. librnp's diagnostics
// (e.g. about Go's non-minimal MPIs) go nowhere: our callers report errors.
Ffi NewFfi();

// An input reading bytes the caller keeps alive (no copy).
inline Input MemoryInput(std::string_view bytes) {
  rnp_input_t in = nullptr;
  if (rnp_input_from_memory(&in, reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(),
                            false) != RNP_SUCCESS) {
    return nullptr;
  }
  return Input(in);
}

// Takes a string that librnp allocated; empty when null.
inline std::string TakeString(char* s) {
  std::string out = s ? s : "";
  rnp_buffer_destroy(s);
  return out;
}

inline std::string ResultText(rnp_result_t code) {
  return rnp_result_to_string(code);
}

}  // namespace mig::pgp::rnp
