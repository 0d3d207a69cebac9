// Building blocks for reading and writing Go structs as JSON (used by
// documents_json and acl). FieldReader matches keys like Go's decoder (exact
// spelling first, then ASCII case-insensitive), treats null as "absent" and
// reports errors with the field's path: `action.operations[1].module: ...`.
// ObjectWriter emits keys in the order it is called, Go style, no spaces.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/gojson.h"
#include "core/status.h"
#include "core/time.h"

// Returns the Status from the enclosing function when it is an error.
#define MIG_RETURN_IF_ERROR(expr)              \
  do {                                         \
    ::mig::Status mig_status_ = (expr);        \
    if (!mig_status_.ok()) return mig_status_; \
  } while (0)

namespace mig {

// "number", "string", "object"... for error messages.
std::string JsonTypeName(const Json& v);

class FieldReader {
 public:
  // path names the object in errors ("action", "command.agent").
  FieldReader(const Json& object, std::string path);

  // Checks that the value is an object; every other call assumes it is.
  Status CheckObject() const;
  const std::string& path() const { return path_; }
  std::string PathOf(std::string_view key) const { return path_ + "." + std::string(key); }

  // The value for Go field `key`, or nullptr when absent or null. Remembers
  // the key as known for RejectUnknown.
  const Json* Find(std::string_view key);
  // True when the key is present, even with a null value.
  bool Has(std::string_view key);

  Status String(std::string_view key, std::string& out, bool required = false);
  Status Bool(std::string_view key, bool& out);
  Status Double(std::string_view key, double& out);
  Status Int(std::string_view key, int64_t& out, bool required = false);
  Status Id(std::string_view key, int64_t& out, bool required = false);
  Status TimeField(std::string_view key, Time& out, bool required = false);
  Status StringList(std::string_view key, std::vector<std::string>& out);
  // Raw generic JSON (null when absent).
  void Any(std::string_view key, Json& out);

  // Error naming the first key that matches no field asked for so far.
  Status RejectUnknown() const;

 private:
  const Json& object_;
  std::string path_;
  std::vector<std::string> known_;
};

// Checks an already-found value; `where` is the full path for errors.
Status ReadString(const Json& v, const std::string& where, std::string& out);
Status ReadInt(const Json& v, const std::string& where, int64_t& out);
Status ReadId(const Json& v, const std::string& where, int64_t& out);
Status MissingField(const std::string& where);

class ObjectWriter {
 public:
  explicit ObjectWriter(std::string& out) : out_(out) { out_ += '{'; }
  // Writes the key; the caller appends the value right after.
  std::string& Key(std::string_view key);
  void String(std::string_view key, std::string_view value);
  void StringOmitEmpty(std::string_view key, std::string_view value);
  void Bool(std::string_view key, bool value);
  void Number(std::string_view key, double value);  // Go float64
  void Int(std::string_view key, int64_t value);
  void TimeField(std::string_view key, const Time& value);
  // null when empty (Go's nil slice), else an array of strings.
  void StringList(std::string_view key, const std::vector<std::string>& values);
  void Any(std::string_view key, const Json& value);
  void End() { out_ += '}'; }

 private:
  std::string& out_;
  bool first_ = true;
};

}  // namespace mig
