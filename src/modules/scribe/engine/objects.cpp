#include "modules/scribe/engine/objects.h"

#include <re2/re2.h>

#include <memory>
#include <optional>

#include "modules/scribe/engine/file_locator.h"
#include "modules/scribe/engine/line_reader.h"
#include "modules/scribe/evr.h"

namespace mig::modules::scribe {
namespace {

constexpr std::string_view kChainRoot = "${chain_root}";

void ExpandInPlace(std::string& s, const std::vector<Variable>& vars) {
  for (const auto& v : vars) {
    const std::string token = "${" + v.key + "}";
    std::string out;
    size_t at = 0;
    for (size_t hit = s.find(token); hit != std::string::npos; hit = s.find(token, at)) {
      out.append(s, at, hit - at);
      out += v.value;  // taken literally: never expanded again
      at = hit + token.size();
    }
    if (at == 0) continue;
    out.append(s, at, std::string::npos);
    s = std::move(out);
  }
}

Object Expand(Object o, const std::vector<Variable>& vars) {
  ExpandInPlace(o.package.name, vars);
  ExpandInPlace(o.filecontent.path, vars);
  ExpandInPlace(o.filecontent.file, vars);
  ExpandInPlace(o.filename.path, vars);
  ExpandInPlace(o.hasline.path, vars);
  ExpandInPlace(o.hasline.file, vars);
  return o;
}

bool IsChainObject(const Object& o) {
  return SourceOf(o) == SourceKind::kFileContent &&
         o.filecontent.path.find(kChainRoot) != std::string::npos;
}

// The directory part of a path with its trailing separator.
std::string ChainRootOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
}

std::unique_ptr<RE2> Compile(const std::string& pattern, std::string* error) {
  auto re = std::make_unique<RE2>(pattern, RE2::Quiet);
  if (!re->ok()) {
    *error = "invalid regexp '" + pattern + "': " + re->error();
    return nullptr;
  }
  return re;
}

class Preparer {
 public:
  Preparer(const Document& d, const PackageSourceFn& packages, const PrepareLimits& limits)
      : doc_(d), package_source_(packages), limits_(limits) {}

  std::vector<PreparedObject> Run() {
    std::vector<PreparedObject> out(doc_.objects.size());
    for (size_t i = 0; i < doc_.objects.size(); ++i) {
      out[i].chain = IsChainObject(doc_.objects[i]);
      if (out[i].chain) continue;
      out[i].prepared = true;
      const Object o = Expand(doc_.objects[i], doc_.variables);
      if (Status st = Prepare(o, 0, &out[i].criteria); !st) {
        out[i].error = st.message();
        out[i].criteria.clear();
      }
    }
    return out;
  }

 private:
  Status Prepare(const Object& o, int depth, std::vector<Criterion>* out) {
    switch (SourceOf(o)) {
      case SourceKind::kPackage:
        return PreparePackage(o.package, out);
      case SourceKind::kFileContent:
        return PrepareFileContent(o.filecontent, depth, out);
      case SourceKind::kFileName:
        return PrepareFileName(o.filename, out);
      case SourceKind::kRaw:
        for (const auto& r : o.raw.identifiers)
          out->push_back(Criterion{r.identifier, r.value});
        return Status::Ok();
      case SourceKind::kHasLine:
        return PrepareHasLine(o.hasline, out);
      case SourceKind::kNone:
        break;
    }
    return Status::Error("no valid source interface");
  }

  const PackageInventory& Inventory() {
    if (!inventory_) inventory_ = package_source_ ? package_source_() : PackageInventory{};
    return *inventory_;
  }

  Status PreparePackage(const PackageSource& p, std::vector<Criterion>* out) {
    std::unique_ptr<RE2> collect;
    if (!p.collectmatch.empty()) {
      std::string error;
      collect = Compile(p.collectmatch, &error);
      if (!collect) return Status::Error(error);
    }
    const PackageInventory& inventory = Inventory();
    if (!inventory.problems.empty()) {
      std::string text = "package inventory:";
      for (const auto& problem : inventory.problems)
        text += " " + problem + ";";
      text.pop_back();
      return Status::Error(text);
    }
    std::vector<const Package*> taken;
    for (const Package& pkg : inventory.packages) {
      const bool match = collect ? RE2::PartialMatch(pkg.name, *collect) : pkg.name == p.name;
      if (match) taken.push_back(&pkg);
    }
    if (p.onlynewest && taken.size() > 1) {
      const Package* newest = taken.front();
      for (const Package* pkg : taken) {
        auto c = CompareEvr(newest->version, pkg->version);
        if (c && *c < 0) newest = pkg;  // equal keeps the first seen
      }
      taken = {newest};
    }
    for (const Package* pkg : taken)
      out->push_back(Criterion{pkg->name, pkg->version});
    return Status::Ok();
  }

  // Reads one file's lines, charging the run's byte budget.
  Status ReadLines(const std::string& path, const std::function<bool(std::string_view)>& on_line) {
    if (bytes_read_ >= limits_.max_bytes_read)
      return Status::Error("the document's file objects read more than " +
                           std::to_string(limits_.max_bytes_read >> 20) + " MiB; " + path +
                           " was not read");
    size_t n = 0;
    ForEachLine(path, on_line, &n);
    bytes_read_ += n;
    return Status::Ok();
  }

  Status TooMany() const {
    return Status::Error("an object gave more than " + std::to_string(limits_.max_criteria) +
                         " values");
  }

  Status PrepareFileContent(const FileContentSource& f, int depth, std::vector<Criterion>* out) {
    std::string error;
    auto expr = Compile(f.expression, &error);
    if (!expr) return Status::Error(error);
    auto files = LocateFiles(f.path, f.file);
    if (!files) return files.status();
    const int groups = expr->NumberOfCapturingGroups();
    std::vector<re2::StringPiece> sub(static_cast<size_t>(groups) + 1);
    std::vector<std::string> matched_files;
    for (const std::string& path : *files) {
      bool matched = false;
      bool over = false;
      Status st = ReadLines(path, [&](std::string_view line) {
        if (!expr->Match(line, 0, line.size(), RE2::UNANCHORED, sub.data(), groups + 1))
          return true;
        matched = true;
        for (int g = 1; g <= groups; ++g)
          out->push_back(Criterion{path, sub[g].data() ? std::string(sub[g]) : std::string()});
        over = out->size() > limits_.max_criteria;
        return !over;
      });
      if (!st) return st;
      if (over) return TooMany();
      if (matched) matched_files.push_back(path);
    }
    if (!f.import_chain.empty())
      if (Status st = FireChains(f, matched_files, depth, out); !st) return st;
    if (!f.concat.empty()) Concat(f.concat, out);
    return Status::Ok();
  }

  // Section 3.6: every chain object, prepared beside each matched file,
  // adds its values to that file's.
  Status FireChains(const FileContentSource& f, const std::vector<std::string>& matched_files,
                    int depth, std::vector<Criterion>* out) {
    if (depth + 1 > limits_.max_chain_depth)
      return Status::Error("import chains nested deeper than " +
                           std::to_string(limits_.max_chain_depth) +
                           " objects (does an import-chain lead back to itself?)");
    std::vector<std::string> seen;
    for (const std::string& path : matched_files) {
      if (std::find(seen.begin(), seen.end(), path) != seen.end()) continue;
      seen.push_back(path);
      std::vector<Variable> vars = doc_.variables;
      vars.push_back(Variable{"chain_root", ChainRootOf(path)});
      for (const std::string& id : f.import_chain) {
        const Object* chained = Find(id);
        if (!chained) return Status::Error("unknown object \"" + id + "\"");
        if (++chain_runs_ > limits_.max_chain_runs)
          return Status::Error("import chains prepared more than " +
                               std::to_string(limits_.max_chain_runs) + " objects");
        std::vector<Criterion> values;
        if (Status st = Prepare(Expand(*chained, vars), depth + 1, &values); !st) return st;
        for (auto& c : values)
          out->push_back(Criterion{path, std::move(c.value)});
        if (out->size() > limits_.max_criteria) return TooMany();
      }
    }
    return Status::Ok();
  }

  // One criterion per identifier, its values joined in order.
  static void Concat(const std::string& sep, std::vector<Criterion>* criteria) {
    std::vector<Criterion> joined;
    std::unordered_map<std::string, size_t> at;
    for (auto& c : *criteria) {
      auto [it, added] = at.try_emplace(c.identifier, joined.size());
      if (added) {
        joined.push_back(std::move(c));
      } else {
        joined[it->second].value += sep;
        joined[it->second].value += c.value;
      }
    }
    *criteria = std::move(joined);
  }

  Status PrepareFileName(const FileNameSource& f, std::vector<Criterion>* out) {
    std::string error;
    auto re = Compile(f.file, &error);
    if (!re) return Status::Error(error);
    auto files = LocateFiles(f.path, f.file);
    if (!files) return files.status();
    if (re->NumberOfCapturingGroups() < 1) return Status::Ok();
    for (const std::string& path : *files) {
      const size_t slash = path.rfind('/');
      const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
      re2::StringPiece group;
      if (RE2::PartialMatch(base, *re, &group))
        out->push_back(Criterion{path, group.data() ? std::string(group) : std::string()});
    }
    return Status::Ok();
  }

  Status PrepareHasLine(const HasLineSource& h, std::vector<Criterion>* out) {
    std::string error;
    auto expr = Compile(h.expression, &error);
    if (!expr) return Status::Error(error);
    auto files = LocateFiles(h.path, h.file);
    if (!files) return files.status();
    for (const std::string& path : *files) {
      bool found = false;
      size_t n = 0;
      if (bytes_read_ >= limits_.max_bytes_read)
        return Status::Error("the document's file objects read more than " +
                             std::to_string(limits_.max_bytes_read >> 20) + " MiB");
      const bool opened = ForEachLine(
          path,
          [&](std::string_view line) {
            found = RE2::PartialMatch(line, *expr);
            return !found;
          },
          &n);
      bytes_read_ += n;
      if (opened) out->push_back(Criterion{path, found ? "true" : "false"});
    }
    return Status::Ok();
  }

  const Object* Find(const std::string& id) const {
    for (const auto& o : doc_.objects)
      if (o.id == id) return &o;
    return nullptr;
  }

  const Document& doc_;
  const PackageSourceFn& package_source_;
  const PrepareLimits& limits_;
  std::optional<PackageInventory> inventory_;
  size_t chain_runs_ = 0;
  size_t bytes_read_ = 0;
};

}  // namespace

std::vector<PreparedObject> PrepareObjects(const Document& document,
                                           const PackageSourceFn& packages,
                                           const PrepareLimits& limits) {
  return Preparer(document, packages, limits).Run();
}

}  // namespace mig::modules::scribe
