// Document validation (spec/modules/scribe.md section 3.7).
#include <re2/re2.h>

#include <unordered_set>

#include "modules/scribe/document.h"

namespace mig::modules::scribe {
namespace {

Status CheckRegex(const std::string& what, const std::string& pattern) {
  RE2 re(pattern, RE2::Quiet);
  if (re.ok()) return Status::Ok();
  return Status::Error("invalid " + what + " regexp '" + pattern + "': " + re.error());
}

Status CheckFileSearch(const std::string& kind, const std::string& path, const std::string& file,
                       const std::string& expression) {
  if (path.empty()) return Status::Error(kind + " path must be set");
  if (file.empty()) return Status::Error(kind + " file must be set");
  if (expression.empty()) return Status::Error(kind + " expression must be set");
  if (Status st = CheckRegex(kind + " file", file); !st) return st;
  return CheckRegex(kind + " expression", expression);
}

Status CheckSource(const Object& o, const std::unordered_set<std::string>& object_ids) {
  switch (SourceOf(o)) {
    case SourceKind::kNone:
      return Status::Error("no valid source interface");
    case SourceKind::kPackage:
      if (o.package.name.empty()) return Status::Error("package must specify name");
      if (!o.package.collectmatch.empty())
        return CheckRegex("package collectmatch", o.package.collectmatch);
      return Status::Ok();
    case SourceKind::kFileContent: {
      const auto& f = o.filecontent;
      if (Status st = CheckFileSearch("filecontent", f.path, f.file, f.expression); !st) return st;
      for (const auto& id : f.import_chain)
        if (!object_ids.count(id)) return Status::Error("unknown object \"" + id + "\"");
      return Status::Ok();
    }
    case SourceKind::kFileName:
      // The regex is compiled when the object is prepared (an object error).
      if (o.filename.path.empty()) return Status::Error("filename path must be set");
      if (o.filename.file.empty()) return Status::Error("filename file must be set");
      return Status::Ok();
    case SourceKind::kRaw:
      if (o.raw.identifiers.empty())
        return Status::Error("at least one identifier must be present");
      for (const auto& r : o.raw.identifiers)
        if (r.identifier.empty() || r.value.empty())
          return Status::Error("identifier must include identifier and value");
      return Status::Ok();
    case SourceKind::kHasLine:
      return CheckFileSearch("hasline", o.hasline.path, o.hasline.file, o.hasline.expression);
  }
  return Status::Ok();
}

}  // namespace

Status ValidateDocument(const Document& d) {
  std::unordered_set<std::string> object_ids, test_ids;
  for (const auto& o : d.objects)
    object_ids.insert(o.id);
  for (const auto& t : d.tests)
    test_ids.insert(t.id);
  for (const auto& o : d.objects) {
    if (o.id.empty()) return Status::Error("an object in document has no identifier");
    if (Status st = CheckSource(o, object_ids); !st)
      return Status::Error(o.id + ": " + st.message());
  }
  for (const auto& t : d.tests) {
    if (t.id.empty()) return Status::Error("a test in document has no identifier");
    for (const auto& dep : t.if_tests) {
      if (!test_ids.count(dep)) return Status::Error(t.id + ": unknown test \"" + dep + "\"");
      if (dep == t.id) return Status::Error(t.id + ": test cannot reference itself");
    }
    for (const auto& tag : t.tags) {
      if (tag.key.find('"') != std::string::npos)
        return Status::Error(t.id + ": test tag key cannot contain quote");
      if (tag.value.find('"') != std::string::npos)
        return Status::Error(t.id + ": test tag value cannot contain quote");
    }
  }
  return Status::Ok();
}

}  // namespace mig::modules::scribe
