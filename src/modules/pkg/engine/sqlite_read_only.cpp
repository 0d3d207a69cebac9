#include "modules/pkg/engine/sqlite_read_only.h"

#ifdef MIG_HAVE_LIBRPM
#include <sqlite3.h>

#include <cstring>

namespace mig::modules::pkg {
namespace {

// The default VFS this one wraps ("unix"); its own functions get it, never
// ours (unix keeps its locking-style finder in pAppData).
sqlite3_vfs* g_real = nullptr;
sqlite3_vfs g_read_only{};

struct ReadOnlyFile {
  sqlite3_file base;
  sqlite3_file* real;  // the real VFS's file, right after this struct
};

sqlite3_file* Real(sqlite3_file* f) {
  return reinterpret_cast<ReadOnlyFile*>(f)->real;
}

int Close(sqlite3_file* f) {
  return Real(f)->pMethods->xClose(Real(f));
}
int Read(sqlite3_file* f, void* buf, int amount, sqlite3_int64 offset) {
  return Real(f)->pMethods->xRead(Real(f), buf, amount, offset);
}
int Write(sqlite3_file*, const void*, int, sqlite3_int64) {
  return SQLITE_READONLY;
}
int Truncate(sqlite3_file*, sqlite3_int64) {
  return SQLITE_READONLY;
}
int Sync(sqlite3_file*, int) {
  return SQLITE_OK;
}
int FileSize(sqlite3_file* f, sqlite3_int64* size) {
  return Real(f)->pMethods->xFileSize(Real(f), size);
}
// Immutable files are never locked by sqlite; these answer if asked.
int Lock(sqlite3_file*, int) {
  return SQLITE_OK;
}
int Unlock(sqlite3_file*, int) {
  return SQLITE_OK;
}
int CheckReservedLock(sqlite3_file*, int* reserved) {
  *reserved = 0;
  return SQLITE_OK;
}
int FileControl(sqlite3_file*, int, void*) {
  return SQLITE_NOTFOUND;
}
int SectorSize(sqlite3_file* f) {
  return Real(f)->pMethods->xSectorSize(Real(f));
}
int DeviceCharacteristics(sqlite3_file* f) {
  return Real(f)->pMethods->xDeviceCharacteristics(Real(f)) | SQLITE_IOCAP_IMMUTABLE;
}

// Version 1: no shared memory and no memory mapping.
const sqlite3_io_methods kReadOnlyMethods = {
    1,
    Close,
    Read,
    Write,
    Truncate,
    Sync,
    FileSize,
    Lock,
    Unlock,
    CheckReservedLock,
    FileControl,
    SectorSize,
    DeviceCharacteristics,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
};

int Open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
  file->pMethods = nullptr;
  if ((flags & SQLITE_OPEN_MAIN_DB) == 0 || name == nullptr) return SQLITE_CANTOPEN;
  auto* f = reinterpret_cast<ReadOnlyFile*>(file);
  f->real = reinterpret_cast<sqlite3_file*>(f + 1);
  const int read_only = (flags & ~(SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                                   SQLITE_OPEN_EXCLUSIVE | SQLITE_OPEN_DELETEONCLOSE)) |
                        SQLITE_OPEN_READONLY;
  int real_flags = 0;
  const int rc = g_real->xOpen(g_real, name, f->real, read_only, &real_flags);
  if (rc != SQLITE_OK) {
    if (f->real->pMethods) f->real->pMethods->xClose(f->real);
    return rc;
  }
  if (out_flags) *out_flags = real_flags | SQLITE_OPEN_READONLY;
  file->pMethods = &kReadOnlyMethods;
  return SQLITE_OK;
}

int Delete(sqlite3_vfs*, const char*, int) {
  return SQLITE_IOERR_DELETE;
}
int Access(sqlite3_vfs*, const char* name, int flags, int* out) {
  return g_real->xAccess(g_real, name, flags, out);
}
int FullPathname(sqlite3_vfs*, const char* name, int size, char* out) {
  return g_real->xFullPathname(g_real, name, size, out);
}
int Randomness(sqlite3_vfs*, int size, char* out) {
  return g_real->xRandomness(g_real, size, out);
}
int Sleep(sqlite3_vfs*, int microseconds) {
  return g_real->xSleep(g_real, microseconds);
}
int CurrentTime(sqlite3_vfs*, double* now) {
  return g_real->xCurrentTime(g_real, now);
}
int GetLastError(sqlite3_vfs*, int size, char* out) {
  return g_real->xGetLastError ? g_real->xGetLastError(g_real, size, out) : 0;
}
int CurrentTimeInt64(sqlite3_vfs*, sqlite3_int64* now) {
  return g_real->xCurrentTimeInt64(g_real, now);
}

}  // namespace

ScopedReadOnlySqlite::ScopedReadOnlySqlite() {
  if (sqlite3_initialize() != SQLITE_OK) return;
  sqlite3_vfs* current = sqlite3_vfs_find(nullptr);
  if (current == nullptr || current == &g_read_only) return;
  g_real = current;
  g_read_only = sqlite3_vfs{};
  g_read_only.iVersion = 2;
  g_read_only.szOsFile = static_cast<int>(sizeof(ReadOnlyFile)) + current->szOsFile;
  g_read_only.mxPathname = current->mxPathname;
  g_read_only.zName = "mig-read-only";
  g_read_only.xOpen = Open;
  g_read_only.xDelete = Delete;
  g_read_only.xAccess = Access;
  g_read_only.xFullPathname = FullPathname;
  g_read_only.xRandomness = Randomness;
  g_read_only.xSleep = Sleep;
  g_read_only.xCurrentTime = CurrentTime;
  g_read_only.xGetLastError = GetLastError;
  g_read_only.xCurrentTimeInt64 = current->iVersion >= 2 ? CurrentTimeInt64 : nullptr;
  if (sqlite3_vfs_register(&g_read_only, 1) != SQLITE_OK) return;
  active_ = true;
}

ScopedReadOnlySqlite::~ScopedReadOnlySqlite() {
  if (!active_) return;
  sqlite3_vfs_register(g_real, 1);
  sqlite3_vfs_unregister(&g_read_only);
}

}  // namespace mig::modules::pkg

#else

namespace mig::modules::pkg {
ScopedReadOnlySqlite::ScopedReadOnlySqlite() = default;
ScopedReadOnlySqlite::~ScopedReadOnlySqlite() = default;
}  // namespace mig::modules::pkg

#endif
