// Status and Result<T>: errors as values, never exceptions across layers.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace mig {

// The outcome of an operation that returns nothing: ok, or an error message
// written for the person who has to fix the problem.
//
// A data error says the input itself is at fault (a database refused a value:
// PostgreSQL's SQLSTATE classes 22 and 23, text it cannot hold): the same
// input fails again, so a caller must not retry it as it would retry a lost
// connection or a full disk (plain errors, which may pass).
class Status {
 public:
  Status() = default;
  static Status Ok() { return Status(); }
  static Status Error(std::string message) { return Status(std::move(message)); }
  static Status DataError(std::string message) {
    Status s(std::move(message));
    s.data_error_ = true;
    return s;
  }

  bool ok() const { return !message_.has_value(); }
  bool is_data_error() const { return data_error_; }
  explicit operator bool() const { return ok(); }
  // Empty when ok().
  const std::string& message() const {
    static const std::string kEmpty;
    return message_ ? *message_ : kEmpty;
  }
  // Prefixes the message with where it happened: "signature 2: " + message.
  // Keeps the kind of error.
  Status Context(const std::string& where) const {
    if (ok()) return *this;
    Status s(where + ": " + *message_);
    s.data_error_ = data_error_;
    return s;
  }

 private:
  explicit Status(std::string message) : message_(std::move(message)) {}
  std::optional<std::string> message_;
  bool data_error_ = false;
};

// A value or the error that prevented computing it.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}       // NOLINT: implicit by design
  Result(Status error) : v_(std::move(error)) {}  // NOLINT: implicit by design
  static Result Error(std::string message) { return Result(Status::Error(std::move(message))); }

  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(v_); }
  const std::string& error() const { return std::get<Status>(v_).message(); }

  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace mig
