#include "modules/pkg/engine/rpm_database.h"

#include <string_view>

#ifdef MIG_HAVE_LIBRPM
#include <fcntl.h>
#include <rpm/header.h>
#include <rpm/rpmdb.h>
#include <rpm/rpmlib.h>
#include <rpm/rpmlog.h>
#include <rpm/rpmmacro.h>
#include <rpm/rpmtag.h>
#include <rpm/rpmts.h>
#include <sys/stat.h>

#include <cstdlib>
#include <memory>
#include <mutex>

#include "modules/pkg/engine/sqlite_read_only.h"
#endif

namespace mig::modules::pkg {
namespace {

constexpr std::string_view kFallbackDbPath = "/var/lib/rpm";
// More headers than any real system holds; bounds what a crafted database costs.
constexpr std::size_t kMaxPackages = 500000;

#ifdef MIG_HAVE_LIBRPM

bool IsRegularFile(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

bool Exists(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0;
}

// The backend whose file is in dir, so that librpm neither guesses nor
// creates one: its sqlite backend creates a missing rpmdb.sqlite even when
// asked to open read-only.
struct Backend {
  const char* macro;
  const char* file;
};
constexpr Backend kBackends[] = {
    {"sqlite", "rpmdb.sqlite"},  // rpm >= 4.16 (Fedora 33, RHEL 9, SUSE)
    {"bdb_ro", "Packages"},      // Berkeley DB (RHEL 7 and 8), read by librpm's bdb_ro
};

std::mutex& RpmMutex() {
  static std::mutex m;
  return m;
}

// librpm's messages go to the caller, never to the agent's stdout/stderr.
struct LogCapture {
  std::string errors;
};

int CaptureLog(rpmlogRec rec, rpmlogCallbackData data) {
  auto* capture = static_cast<LogCapture*>(data);
  if (rpmlogRecPriority(rec) <= RPMLOG_ERR) {
    std::string message = rpmlogRecMessage(rec);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
      message.pop_back();
    if (!capture->errors.empty()) capture->errors += "; ";
    capture->errors += message;
  }
  return 0;  // not RPMLOG_DEFAULT: nothing printed
}

class ScopedLogCapture {
 public:
  explicit ScopedLogCapture(LogCapture* capture) {
    previous_ = rpmlogSetCallback(&CaptureLog, capture);
  }
  ~ScopedLogCapture() {
    rpmlogSetCallback(previous_, nullptr);
    rpmlogClose();  // drops the records librpm keeps
  }
  ScopedLogCapture(const ScopedLogCapture&) = delete;
  ScopedLogCapture& operator=(const ScopedLogCapture&) = delete;

 private:
  rpmlogCallback previous_ = nullptr;
};

std::string Expand(const std::string& text) {
  char* expanded = rpmExpand(text.c_str(), nullptr);
  std::string out = expanded ? expanded : "";
  std::free(expanded);
  return out;
}

bool IsMacroNameChar(char c) {
  return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// True when expanding the macro runs nothing: its body, and the bodies of the
// macros it names, are plain text and %name, %{name}, %{?name} references.
// %(...) runs a shell and %{lua:...} a script, which the sandbox forbids.
bool ExpandsWithoutRunning(const std::string& name, int depth) {
  if (depth > 8) return false;
  const std::string body = Expand("%{macrobody:" + name + "}");
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] != '%') continue;
    if (++i == body.size()) return false;
    if (body[i] == '%') continue;
    std::string ref;
    if (body[i] == '{') {
      const auto close = body.find('}', i);
      if (close == std::string::npos) return false;
      ref = body.substr(i + 1, close - i - 1);
      if (!ref.empty() && ref[0] == '?') ref.erase(0, 1);
      i = close;
    } else {
      while (i < body.size() && IsMacroNameChar(body[i]))
        ref.push_back(body[i++]);
      --i;
    }
    if (ref.empty()) return false;
    for (char c : ref)
      if (!IsMacroNameChar(c)) return false;
    if (!ExpandsWithoutRunning(ref, depth + 1)) return false;
  }
  return true;
}

std::string DefaultDbPath() {
  if (!ExpandsWithoutRunning("_dbpath", 0)) return std::string(kFallbackDbPath);
  std::string path = Expand("%{?_dbpath}");
  return path.empty() ? std::string(kFallbackDbPath) : path;
}

// A path as a macro body: '%' would start a macro (even a shell command).
std::string MacroLiteral(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '%') out += '%';
    out += c;
  }
  return out;
}

class ScopedMacro {
 public:
  ScopedMacro(const char* name, const std::string& body) : name_(name) {
    rpmPushMacro(nullptr, name_, nullptr, MacroLiteral(body).c_str(), RMIL_GLOBAL);
  }
  ~ScopedMacro() { rpmPopMacro(nullptr, name_); }
  ScopedMacro(const ScopedMacro&) = delete;
  ScopedMacro& operator=(const ScopedMacro&) = delete;

 private:
  const char* name_;
};

std::string TagText(Header h, rpmTagVal tag) {
  char* text = headerGetAsString(h, tag);
  std::string out = text ? text : "(none)";  // as rpm's query format prints a missing tag
  std::free(text);
  return out;
}

Result<std::vector<InstalledPackage>> ReadHeaders(const Backend& backend, const std::string& dir,
                                                  LogCapture& capture) {
  using Packages = std::vector<InstalledPackage>;
  const ScopedReadOnlySqlite read_only;
  if (!read_only.active())
    return Result<Packages>::Error("sqlite could not be made read-only; not opened");
  ScopedMacro dbpath("_dbpath", dir);
  ScopedMacro db_backend("_db_backend", backend.macro);
  std::unique_ptr<rpmts_s, decltype(&rpmtsFree)> ts(rpmtsCreate(), &rpmtsFree);
  // Signatures would need the keyring; header digests are still checked.
  rpmtsSetVSFlags(ts.get(), _RPMVSF_NOSIGNATURES);
  if (rpmtsOpenDB(ts.get(), O_RDONLY) != 0)
    return Result<Packages>::Error("librpm could not open the database" +
                                   (capture.errors.empty() ? "" : ": " + capture.errors));
  Packages packages;
  rpmdbMatchIterator mi = rpmtsInitIterator(ts.get(), RPMDBI_PACKAGES, nullptr, 0);
  while (Header h = rpmdbNextIterator(mi)) {
    if (packages.size() == kMaxPackages) {
      rpmdbFreeIterator(mi);
      return Result<Packages>::Error("more than " + std::to_string(kMaxPackages) + " packages");
    }
    InstalledPackage p;
    p.name = TagText(h, RPMTAG_NAME);
    p.version = TagText(h, RPMTAG_EVR);
    p.arch = TagText(h, RPMTAG_ARCH);
    p.type = "rpm";
    packages.push_back(std::move(p));
  }
  rpmdbFreeIterator(mi);
  rpmtsCloseDB(ts.get());
  if (!capture.errors.empty()) return Result<Packages>::Error("librpm: " + capture.errors);
  return packages;
}

#endif  // MIG_HAVE_LIBRPM

}  // namespace

bool RpmSupportBuiltIn() {
#ifdef MIG_HAVE_LIBRPM
  return true;
#else
  return false;
#endif
}

RpmDatabaseRead ReadRpmDatabase(const std::string& dbpath) {
  RpmDatabaseRead read;
#ifndef MIG_HAVE_LIBRPM
  read.dbpath = dbpath.empty() ? std::string(kFallbackDbPath) : dbpath;
  return read;
#else
  std::lock_guard lock(RpmMutex());
  LogCapture capture;
  ScopedLogCapture scoped_log(&capture);
  using Packages = std::vector<InstalledPackage>;
  static const bool configured = rpmReadConfigFiles(nullptr, nullptr) == 0;
  read.dbpath = dbpath.empty() && configured ? DefaultDbPath() : dbpath;
  if (read.dbpath.empty()) read.dbpath = std::string(kFallbackDbPath);
  const Backend* backend = nullptr;
  for (const auto& b : kBackends) {
    if (Exists(read.dbpath + "/" + b.file)) {
      backend = &b;
      break;
    }
  }
  if (backend == nullptr) return read;  // no RPM database here
  read.present = true;
  const std::string where = "RPM database " + read.dbpath + ": ";
  if (read.dbpath[0] != '/') {
    read.packages = Result<Packages>::Error(where + "the path is not absolute");
    return read;
  }
  if (!IsRegularFile(read.dbpath + "/" + backend->file)) {
    read.packages = Result<Packages>::Error(where + backend->file + " is not a regular file");
    return read;
  }
  // The immutable read sees the committed pages of rpmdb.sqlite, not what a
  // transaction left in its -wal (rpm empties it when it closes the
  // database): a list without them could miss packages.
  struct stat wal {};
  if (std::string_view(backend->macro) == "sqlite" &&
      ::stat((read.dbpath + "/rpmdb.sqlite-wal").c_str(), &wal) == 0 && wal.st_size > 0) {
    read.packages = Result<Packages>::Error(
        where + "rpmdb.sqlite-wal holds " + std::to_string(wal.st_size) +
        " bytes of a transaction not yet written into the database (rpm running, or "
        "interrupted: the next rpm command completes it)");
    return read;
  }
  if (!configured) {
    read.packages = Result<Packages>::Error(where + "librpm could not read its configuration" +
                                            (capture.errors.empty() ? "" : ": " + capture.errors));
    return read;
  }
  read.packages = ReadHeaders(*backend, read.dbpath, capture);
  if (!read.packages) read.packages = Result<Packages>::Error(where + read.packages.error());
  return read;
#endif
}

}  // namespace mig::modules::pkg
