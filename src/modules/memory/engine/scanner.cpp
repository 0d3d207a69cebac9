#include "modules/memory/engine/scanner.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <memory>
#include <set>

#include <re2/re2.h>

#include "modules/go_format.h"
#include "modules/memory/engine/process_info.h"
#include "modules/memory/memory_module.h"
#include "modules/memory/result_shape.h"
#include "modules/module_adapter.h"
#include "modules/procfs/engine/processes.h"

namespace mig::modules::memory {
namespace {

constexpr size_t kDefaultWindow = 64 * 1024;

struct Hit {
  std::string name;
  int pid = 0;
  bool operator<(const Hit& o) const { return pid < o.pid; }
};

// One check (a single name, library, content or bytes value) and the
// processes it recorded.
struct Check {
  enum Kind { kName, kLibrary, kContent, kBytes } kind;
  std::string value;  // as given
  std::unique_ptr<RE2> re;
  std::string raw;  // decoded bytes
  std::set<Hit> hits;
};

struct CompiledSearch {
  const Search* search;
  std::vector<Check> checks;  // names, libraries, contents, bytes in that order
  std::set<Hit> all_hits;     // matchall: processes that passed every check
  uint64_t maxlength = 0;
  bool HasMemoryChecks() const {
    return std::any_of(checks.begin(), checks.end(),
                       [](const Check& c) { return c.kind >= Check::kContent; });
  }
};

std::vector<CompiledSearch> Compile(const Parameters& params) {
  std::vector<CompiledSearch> out;
  for (const auto& s : params.searches) {
    CompiledSearch c{&s, {}, {}, 0};
    c.maxlength = s.options.maxlength > 0 ? static_cast<uint64_t>(s.options.maxlength) : UINT64_MAX;
    auto add = [&c](Check::Kind kind, const std::vector<std::string>& list) {
      for (const auto& v : list) {
        Check k{kind, v, nullptr, "", {}};
        if (kind == Check::kBytes) {
          DecodeHex(v, &k.raw);
        } else {
          k.re = std::make_unique<RE2>(v, RE2::Quiet);
        }
        c.checks.push_back(std::move(k));
      }
    };
    add(Check::kName, s.names);
    add(Check::kLibrary, s.libraries);
    add(Check::kContent, s.contents);
    add(Check::kBytes, s.bytes);
    out.push_back(std::move(c));
  }
  return out;
}

struct RunStats {
  int64_t processes = 0;
  uint64_t memory_read = 0;
  std::vector<std::string> failures;
  bool log_failures = false;
};

// Per-process state of one search.
struct Progress {
  bool active = true;
  bool walking = false;
  uint64_t read = 0;
  std::vector<bool> hit;  // per check
};

void WalkMemory(int fd, int pid, const std::vector<Region>& maps,
                std::vector<CompiledSearch>& searches, std::vector<Progress>& progress,
                RunStats& stats) {
  size_t window = kDefaultWindow;
  uint64_t start = UINT64_MAX;
  for (size_t i = 0; i < searches.size(); ++i) {
    if (!progress[i].walking) continue;
    start = std::min<uint64_t>(start, static_cast<uint64_t>(searches[i].search->options.offset));
    for (const auto& c : searches[i].checks)
      if (c.kind == Check::kBytes && c.raw.size() > window / 2)
        window = (c.raw.size() * 2 + 1) & ~static_cast<size_t>(1);
  }
  const std::set<uint64_t> skip = DontDumpRegions(pid);
  std::string buf(window, '\0');
  uint64_t read_total = 0;
  auto anyone_walking = [&] {
    return std::any_of(progress.begin(), progress.end(),
                       [](const Progress& p) { return p.walking; });
  };
  for (const auto& region : maps) {
    if (!region.readable || region.end <= start || skip.count(region.start)) continue;
    uint64_t pos = std::max(start, region.start);
    bool first = true;
    while (pos < region.end && anyone_walking()) {
      const size_t want = static_cast<size_t>(std::min<uint64_t>(window, region.end - pos));
      const ssize_t n = pread(fd, buf.data(), want, static_cast<off_t>(pos));
      if (n <= 0) {
        if (stats.log_failures)
          stats.failures.push_back(
              "failed to read memory of process " + std::to_string(pid) + " at 0x" +
              [pos] {
                char h[32];
                std::snprintf(h, sizeof h, "%llx", static_cast<unsigned long long>(pos));
                return std::string(h);
              }() +
              ": " + ErrnoText(n < 0 ? errno : EIO));
        break;
      }
      const std::string_view data(buf.data(), static_cast<size_t>(n));
      const uint64_t counted = first ? static_cast<uint64_t>(n) : static_cast<uint64_t>(n) / 2;
      first = false;
      read_total += counted;
      for (size_t i = 0; i < searches.size(); ++i) {
        Progress& p = progress[i];
        if (!p.walking) continue;
        if (p.read >= searches[i].maxlength) {
          p.walking = false;
          continue;
        }
        p.read += counted;
        bool all = true;
        for (size_t k = 0; k < searches[i].checks.size(); ++k) {
          const Check& c = searches[i].checks[k];
          if (c.kind < Check::kContent) continue;
          const bool found = c.kind == Check::kBytes ? data.find(c.raw) != std::string_view::npos
                                                     : RE2::PartialMatch(data, *c.re);
          if (found) p.hit[k] = true;
          all = all && found;
        }
        if (all) p.walking = false;  // every memory check hit in this window
      }
      if (static_cast<size_t>(n) < window) break;
      pos += window / 2;
    }
  }
  stats.memory_read += read_total;
}

void ScanOne(int pid, std::vector<CompiledSearch>& searches, RunStats& stats) {
  const int fd = open(("/proc/" + std::to_string(pid) + "/mem").c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno != ENOENT && errno != ESRCH)  // a process that ended is not a failure
      stats.failures.push_back("Permission denied to access memory of process " +
                               std::to_string(pid));
    return;
  }
  const std::string name = procfs::ProcessName(pid);
  if (name.empty()) {
    close(fd);
    return;
  }
  const std::vector<Region> maps = ReadMaps(pid);
  std::vector<std::string> libs;
  bool libs_loaded = false;
  std::vector<Progress> progress(searches.size());
  bool need_walk = false;
  for (size_t i = 0; i < searches.size(); ++i) {
    CompiledSearch& s = searches[i];
    Progress& p = progress[i];
    p.hit.assign(s.checks.size(), false);
    for (size_t k = 0; k < s.checks.size() && p.active; ++k) {
      const Check& c = s.checks[k];
      if (c.kind == Check::kName) {
        p.hit[k] = RE2::PartialMatch(name, *c.re);
      } else if (c.kind == Check::kLibrary) {
        if (!libs_loaded) {
          libs = Libraries(maps, name);
          libs_loaded = true;
        }
        p.hit[k] = std::any_of(libs.begin(), libs.end(),
                               [&c](const std::string& l) { return RE2::PartialMatch(l, *c.re); });
      } else {
        continue;
      }
      if (!p.hit[k] && s.search->options.matchall) p.active = false;
    }
    p.walking = p.active && s.HasMemoryChecks();
    need_walk = need_walk || p.walking;
  }
  if (need_walk) WalkMemory(fd, pid, maps, searches, progress, stats);
  close(fd);
  ++stats.processes;
  for (size_t i = 0; i < searches.size(); ++i) {
    CompiledSearch& s = searches[i];
    const Progress& p = progress[i];
    bool every = p.active && !s.checks.empty();
    for (size_t k = 0; k < s.checks.size(); ++k) {
      if (p.hit[k]) s.checks[k].hits.insert({name, pid});
      every = every && p.hit[k];
    }
    if (every) s.all_hits.insert({name, pid});
  }
}

OrderedJson Entry(const std::string& name, int pid, const OrderedJson& search) {
  OrderedJson e = OrderedJson::object();
  e["process"] = OrderedJson{{"name", name}, {"pid", pid}};
  e["search"] = search;
  return e;
}

}  // namespace

ModuleResult ScanProcesses(const Parameters& params) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<CompiledSearch> searches = Compile(params);
  RunStats stats;
  for (const auto& s : params.searches)
    stats.log_failures = stats.log_failures || s.options.logfailures;
  std::vector<std::string> denied;
  for (int pid : procfs::ListPids())
    ScanOne(pid, searches, stats);

  ModuleResult r;
  r.success = true;
  r.elements = OrderedJson::object();
  int64_t hits = 0;
  for (const auto& s : searches) {
    OrderedJson list = OrderedJson::array();
    if (s.search->options.matchall) {
      Search copy = *s.search;
      copy.options.offset = 0;
      copy.options.maxlength = 0;
      const OrderedJson sj = SearchToJson(copy);
      for (const auto& h : s.all_hits)
        list.push_back(Entry(h.name, h.pid, sj));
      if (s.all_hits.empty()) list.push_back(Entry("", 0, sj));
      hits += static_cast<int64_t>(s.all_hits.size());
    } else {
      for (const auto& c : s.checks) {
        Search one;
        (c.kind == Check::kName      ? one.names
         : c.kind == Check::kLibrary ? one.libraries
         : c.kind == Check::kContent ? one.contents
                                     : one.bytes)
            .push_back(c.value);
        const OrderedJson sj = SearchToJson(one);
        for (const auto& h : c.hits)
          list.push_back(Entry(h.name, h.pid, sj));
        if (c.hits.empty()) list.push_back(Entry("", 0, sj));
        hits += static_cast<int64_t>(c.hits.size());
      }
    }
    r.elements[s.search->label] = list;
  }
  r.found_anything = hits > 0;
  const auto elapsed =
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start)
          .count();
  r.statistics = Statistics(stats.processes, stats.memory_read, hits, stats.failures, elapsed);
  return r;
}

}  // namespace mig::modules::memory

MIG_REGISTER_MODULE_ENGINE(::mig::modules::memory::MemorySpec,
                           ::mig::modules::memory::ScanProcesses)
