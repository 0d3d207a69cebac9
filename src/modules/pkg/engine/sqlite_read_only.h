// A read-only view of sqlite databases for librpm, which opens its
// rpmdb.sqlite itself and gives no way to ask for read-only access: even
// "read-only", sqlite creates the -wal and -shm files beside a WAL database
// and writes read marks into -shm, and a missing database is created.
//
// While a ScopedReadOnlySqlite lives, the process's default sqlite VFS opens
// every main database file O_RDONLY and marks it immutable (no locks, no
// journal, no WAL, no -shm: the committed pages of the file are read as they
// are); it refuses to open any other file (journals, WAL, temporary files)
// and to delete one. The previous default comes back when it ends. Hold it
// only while nothing else in the process uses sqlite (the RPM reader holds
// its own lock; modules run alone in their child process).
#pragma once

namespace mig::modules::pkg {

class ScopedReadOnlySqlite {
 public:
  ScopedReadOnlySqlite();
  ~ScopedReadOnlySqlite();
  ScopedReadOnlySqlite(const ScopedReadOnlySqlite&) = delete;
  ScopedReadOnlySqlite& operator=(const ScopedReadOnlySqlite&) = delete;

  // False when sqlite had no default VFS to wrap: nothing was changed.
  bool active() const { return active_; }

 private:
  bool active_ = false;
};

}  // namespace mig::modules::pkg
