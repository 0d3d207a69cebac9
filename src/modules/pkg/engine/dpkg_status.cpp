#include "modules/pkg/engine/dpkg_status.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <unordered_map>
#include <utility>

namespace mig::modules::pkg {
namespace {

// C's isspace but the newline (lines are split on it), as dpkg trims values.
constexpr std::string_view kBlanks = " \t\r\v\f";

std::string_view Trim(std::string_view s) {
  const auto first = s.find_first_not_of(kBlanks);
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(kBlanks);
  return s.substr(first, last - first + 1);
}

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}
bool IsAlnum(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// The characters dpkg allows in a package name; it stores names lower-case.
Result<std::string> PackageName(std::string_view value) {
  if (value.empty() || !IsAlnum(value[0]))
    return Result<std::string>::Error("package name must start with a letter or digit");
  std::string name;
  name.reserve(value.size());
  for (char c : value) {
    if (!IsAlnum(c) && c != '-' && c != '+' && c != '.' && c != '_')
      return Result<std::string>::Error("package name has a character dpkg does not allow");
    name.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return name;
}

Status CheckArchitecture(std::string_view arch) {
  if (arch.empty() || !IsAlnum(arch[0]))
    return Status::Error("architecture must start with a letter or digit");
  for (char c : arch)
    if (!IsAlnum(c) && c != '-')
      return Status::Error("architecture has a character dpkg does not allow");
  return Status::Ok();
}

// The version as dpkg prints it (${Version}, dpkg -l): the epoch is shown
// when it is not zero, or when the rest holds a colon of its own.
Result<std::string> DpkgVersion(std::string_view value) {
  if (value.empty()) return Result<std::string>::Error("installed package has an empty Version");
  if (value.find_first_of(kBlanks) != std::string_view::npos)
    return Result<std::string>::Error("version has embedded spaces");
  std::string_view rest = value;
  unsigned long epoch = 0;
  if (const auto colon = value.find(':'); colon != std::string_view::npos) {
    const auto epoch_text = value.substr(0, colon);
    if (epoch_text.empty()) return Result<std::string>::Error("version has an empty epoch");
    for (char c : epoch_text) {
      if (!IsDigit(c)) return Result<std::string>::Error("version epoch is not a number");
      epoch = epoch * 10 + static_cast<unsigned long>(c - '0');
      if (epoch > 2147483647UL) return Result<std::string>::Error("version epoch is too big");
    }
    rest = value.substr(colon + 1);
    if (rest.empty()) return Result<std::string>::Error("version has nothing after its epoch");
  }
  const auto hyphen = rest.rfind('-');
  if (hyphen != std::string_view::npos && hyphen + 1 == rest.size())
    return Result<std::string>::Error("version has an empty revision");
  if (epoch == 0 && rest.find(':') == std::string_view::npos) return std::string(rest);
  return std::to_string(epoch) + ":" + std::string(rest);
}

bool OneOf(std::string_view word, std::initializer_list<std::string_view> words) {
  for (auto w : words)
    if (word == w) return true;
  return false;
}

// "want eflag status"; true for "install ok installed".
Result<bool> Installed(std::string_view value) {
  std::array<std::string_view, 3> words;
  std::size_t count = 0;
  while (!value.empty()) {
    const auto start = value.find_first_not_of(kBlanks);
    if (start == std::string_view::npos) break;
    value.remove_prefix(start);
    const auto end = std::min(value.find_first_of(kBlanks), value.size());
    if (count == words.size()) return Result<bool>::Error("Status has more than three words");
    words[count++] = value.substr(0, end);
    value.remove_prefix(end);
  }
  if (count != 3) return Result<bool>::Error("Status must have three words");
  if (!OneOf(words[0], {"unknown", "install", "hold", "deinstall", "purge"}))
    return Result<bool>::Error("Status has an unknown selection");
  if (!OneOf(words[1], {"ok", "reinstreq", "hold", "hold-reinstreq"}))
    return Result<bool>::Error("Status has an unknown error flag");
  if (!OneOf(words[2], {"not-installed", "config-files", "half-installed", "unpacked",
                        "half-configured", "triggers-awaited", "triggers-pending", "installed"}))
    return Result<bool>::Error("Status has an unknown state");
  return words[0] == "install" && words[1] == "ok" && words[2] == "installed";
}

}  // namespace

std::string BuildDebianArchitecture() {
#if defined(__x86_64__) && defined(__ILP32__)
  return "x32";
#elif defined(__x86_64__)
  return "amd64";
#elif defined(__i386__)
  return "i386";
#elif defined(__aarch64__)
  return "arm64";
#elif defined(__arm__) && defined(__ARM_PCS_VFP)
  return "armhf";
#elif defined(__arm__)
  return "armel";
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  return "ppc64el";
#elif defined(__s390x__)
  return "s390x";
#elif defined(__riscv) && __riscv_xlen == 64
  return "riscv64";
#elif defined(__mips__) && defined(__LP64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  return "mips64el";
#elif defined(__loongarch64)
  return "loong64";
#else
  return "";
#endif
}

Status DpkgStatusParser::Fail(std::string why) {
  if (error_.ok()) error_ = Status::Error("line " + std::to_string(line_number_) + ": " + why);
  return error_;
}

Status DpkgStatusParser::Feed(std::string_view chunk) {
  if (!error_.ok()) return error_;
  bytes_ += chunk.size();
  if (bytes_ > limits_.max_bytes)
    return Fail("the file is larger than " + std::to_string(limits_.max_bytes) + " bytes");
  while (!chunk.empty()) {
    const auto newline = chunk.find('\n');
    const auto piece = chunk.substr(0, newline);
    if (partial_line_.size() + piece.size() > limits_.max_line) {
      ++line_number_;
      return Fail("line longer than " + std::to_string(limits_.max_line) + " bytes");
    }
    if (newline == std::string_view::npos) {
      partial_line_.append(piece);
      break;
    }
    chunk.remove_prefix(newline + 1);
    Status taken;
    if (partial_line_.empty()) {
      taken = TakeLine(piece);
    } else {
      partial_line_.append(piece);
      const std::string line = std::move(partial_line_);
      partial_line_.clear();
      taken = TakeLine(line);
    }
    if (!taken.ok()) return taken;
  }
  return Status::Ok();
}

Status DpkgStatusParser::TakeLine(std::string_view line) {
  ++line_number_;
  if (line.find('\0') != std::string_view::npos) return Fail("NUL byte in the file");
  if (line.empty()) return EndStanza();
  if (line[0] == ' ' || line[0] == '\t') {
    if (!in_field_) return Fail("continuation line outside a field");
    if (field_kept_)
      return Fail(
          "a Package, Status, Version, Architecture or Multi-Arch "
          "field runs over several lines");
    return Status::Ok();
  }
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return Fail("field name not followed by a colon");
  const auto name = line.substr(0, colon);
  if (name.empty()) return Fail("empty field name");
  if (name.find_first_of(kBlanks) != std::string_view::npos) return Fail("field name with a space");
  const auto value = Trim(line.substr(colon + 1));
  if (!stanza_.any_field) {
    stanza_.any_field = true;
    stanza_.first_line = line_number_;
  }
  std::string* field = nullptr;
  if (EqualsNoCase(name, "Package")) {
    field = &stanza_.package;
  } else if (EqualsNoCase(name, "Status")) {
    field = &stanza_.status;
  } else if (EqualsNoCase(name, "Version")) {
    field = &stanza_.version;
  } else if (EqualsNoCase(name, "Architecture")) {
    field = &stanza_.architecture;
  } else if (EqualsNoCase(name, "Multi-Arch")) {
    field = &stanza_.multi_arch;
  }
  in_field_ = true;
  field_kept_ = field != nullptr;
  if (field == nullptr) return Status::Ok();
  if (!field->empty()) return Fail("field " + std::string(name) + " given twice");
  if (value.empty()) return Fail("field " + std::string(name) + " is empty");
  field->assign(value);
  return Status::Ok();
}

Status DpkgStatusParser::EndStanza() {
  Stanza stanza = std::move(stanza_);
  stanza_ = Stanza{};
  in_field_ = false;
  field_kept_ = false;
  if (!stanza.any_field) return Status::Ok();  // blank lines between stanzas
  if (++stanzas_ > limits_.max_stanzas)
    return Fail("more than " + std::to_string(limits_.max_stanzas) + " packages");
  const auto where = "package at line " + std::to_string(stanza.first_line) + ": ";
  if (stanza.package.empty()) return Fail(where + "no Package field");
  auto name = PackageName(stanza.package);
  if (!name) return Fail(where + name.error());
  if (stanza.status.empty()) return Fail(where + "no Status field");
  auto installed = Installed(stanza.status);
  if (!installed) return Fail(where + installed.error());
  if (!stanza.architecture.empty()) {
    if (auto checked = CheckArchitecture(stanza.architecture); !checked)
      return Fail(where + checked.message());
  }
  bool same = false;
  if (!stanza.multi_arch.empty()) {
    if (EqualsNoCase(stanza.multi_arch, "same")) {
      same = true;
    } else if (!EqualsNoCase(stanza.multi_arch, "no") &&
               !EqualsNoCase(stanza.multi_arch, "foreign") &&
               !EqualsNoCase(stanza.multi_arch, "allowed")) {
      return Fail(where + "unknown Multi-Arch value");
    }
  }
  DpkgRecord record;
  record.name = std::move(*name);
  record.arch = std::move(stanza.architecture);
  record.multi_arch_same = same;
  record.installed = *installed;
  if (record.installed) {
    if (stanza.version.empty()) return Fail(where + "installed package has no Version field");
    if (record.arch.empty()) return Fail(where + "installed package has no Architecture field");
    auto version = DpkgVersion(stanza.version);
    if (!version) return Fail(where + version.error());
    record.version = std::move(*version);
  } else {
    record.version = std::move(stanza.version);
  }
  records_.push_back(std::move(record));
  return Status::Ok();
}

Result<std::vector<DpkgRecord>> DpkgStatusParser::FinishRecords() {
  if (error_.ok() && !partial_line_.empty()) {
    std::string last = std::move(partial_line_);
    partial_line_.clear();
    (void)TakeLine(last);
  }
  if (error_.ok()) (void)EndStanza();
  if (!error_.ok()) return error_;
  return std::move(records_);
}

Result<std::vector<InstalledPackage>> DpkgStatusParser::Finish() {
  auto records = FinishRecords();
  if (!records) return records.status();
  return InstalledPackages(*records);
}

std::vector<InstalledPackage> InstalledPackages(const std::vector<DpkgRecord>& records) {
  // dpkg is built for the native architecture.
  std::string native = BuildDebianArchitecture();
  for (const auto& r : records)
    if (r.name == "dpkg" && r.installed) native = r.arch;
  std::vector<InstalledPackage> packages;
  for (const auto& r : records) {
    if (!r.installed) continue;
    const bool qualified = r.multi_arch_same || (r.arch != native && r.arch != "all");
    packages.push_back(
        InstalledPackage{qualified ? r.name + ":" + r.arch : r.name, r.version, r.arch, "dpkg"});
  }
  return packages;
}

namespace {

// Every stanza of one file, or why not (the error names the file).
Result<std::vector<DpkgRecord>> ReadRecords(const std::string& path, const DpkgStatusLimits& limits,
                                            bool* present) {
  using R = Result<std::vector<DpkgRecord>>;
  *present = false;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) {
    if (errno == ENOENT) return std::vector<DpkgRecord>{};
    *present = true;
    return R::Error(path + ": " + std::strerror(errno));
  }
  *present = true;
  auto fail = [&](const std::string& why) {
    ::close(fd);
    return R::Error(path + ": " + why);
  };
  struct stat st {};
  if (::fstat(fd, &st) != 0) return fail(std::strerror(errno));
  if (!S_ISREG(st.st_mode)) return fail("not a regular file");
  DpkgStatusParser parser(limits);
  std::string buffer(64 * 1024, '\0');
  for (;;) {
    const ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(std::strerror(errno));
    }
    if (n == 0) break;
    if (auto fed = parser.Feed(std::string_view(buffer.data(), static_cast<std::size_t>(n))); !fed)
      return fail(fed.message());
  }
  ::close(fd);
  auto records = parser.FinishRecords();
  if (!records) return R::Error(path + ": " + records.error());
  return records;
}

// dpkg's journal: files named by digits only, all of one length, read in
// name order (dpkg refuses names of different lengths).
Result<std::vector<std::string>> JournalFiles(const std::string& dir) {
  using R = Result<std::vector<std::string>>;
  constexpr std::size_t kMaxFiles = 100000;
  std::vector<std::string> names;
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) {
    if (errno == ENOENT || errno == ENOTDIR) return names;
    return R::Error(dir + ": " + std::strerror(errno));
  }
  while (const dirent* e = ::readdir(d)) {
    const std::string_view name = e->d_name;
    if (name.empty() || name.size() > 50 ||
        name.find_first_not_of("0123456789") != std::string_view::npos)
      continue;
    if (!names.empty() && names.front().size() != name.size()) {
      ::closedir(d);
      return R::Error(dir + ": journal files of different name lengths");
    }
    if (names.size() == kMaxFiles) {
      ::closedir(d);
      return R::Error(dir + ": more than " + std::to_string(kMaxFiles) + " journal files");
    }
    names.emplace_back(name);
  }
  ::closedir(d);
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

DpkgStatusRead ReadDpkgStatus(const std::string& path, DpkgStatusLimits limits) {
  using Packages = Result<std::vector<InstalledPackage>>;
  DpkgStatusRead read;
  auto records = ReadRecords(path, limits, &read.present);
  if (!records || !read.present) {
    if (!records) read.packages = records.status();
    return read;
  }
  const auto slash = path.rfind('/');
  const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  if (base == "status") {
    const std::string updates =
        (slash == std::string::npos ? "" : path.substr(0, slash + 1)) + "updates";
    auto names = JournalFiles(updates);
    if (!names) {
      read.packages = Packages(names.status());
      return read;
    }
    // Where each (name, architecture) is in records, for the journal's replacements.
    std::unordered_map<std::string, std::size_t> index;
    auto key = [](const DpkgRecord& r) { return r.name + '\0' + r.arch; };
    for (std::size_t i = 0; i < records->size(); ++i)
      index.emplace(key((*records)[i]), i);
    for (const auto& name : *names) {
      bool present = false;
      auto update = ReadRecords(updates + "/" + name, limits, &present);
      if (!update) {
        read.packages = Packages(update.status());
        return read;
      }
      for (auto& u : *update) {
        const auto [at, added] = index.emplace(key(u), records->size());
        if (!added) {
          (*records)[at->second] = std::move(u);
        } else if (records->size() < limits.max_stanzas) {
          records->push_back(std::move(u));
        } else {
          read.packages = Packages::Error(updates + ": more than " +
                                          std::to_string(limits.max_stanzas) + " packages");
          return read;
        }
      }
    }
  }
  read.packages = InstalledPackages(*records);
  return read;
}

}  // namespace mig::modules::pkg
