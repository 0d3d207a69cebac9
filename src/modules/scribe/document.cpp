#include "modules/scribe/document.h"

#include "modules/go_json.h"

namespace mig::modules::scribe {
namespace {

using gojson::ReadBool;
using gojson::ReadString;
using gojson::ReadStringList;

// A member object: missing or null leaves the zero value; anything but an
// object is Go's type error.
const Json* Member(const Json& parent, std::string_view key, const std::string& where,
                   const std::string& go_type, Status* st) {
  const Json* v = gojson::Field(parent, key);
  if (!v || v->is_null()) return nullptr;
  if (!v->is_object()) {
    *st = gojson::TypeError(*v, where, go_type);
    return nullptr;
  }
  return v;
}

// Calls decode(element, &item) for every element of a list member.
template <typename T, typename Decode>
Status ReadList(const Json& parent, std::string_view key, const std::string& where,
                const std::string& go_type, std::vector<T>* out, Decode decode) {
  const Json* v = gojson::Field(parent, key);
  if (!v || v->is_null()) return Status::Ok();
  if (!v->is_array()) return gojson::TypeError(*v, where, "[]" + go_type);
  for (const Json& e : *v) {
    T item;
    if (!e.is_null()) {
      if (!e.is_object()) return gojson::TypeError(e, where, go_type);
      if (Status st = decode(e, &item); !st) return st;
    }
    out->push_back(std::move(item));
  }
  return Status::Ok();
}

// Returns the status of expr when it failed. The variable is named per
// use: the decoders nest (a lambda inside a call inside MIG_TRY).
#define MIG_TRY_CAT_(a, b) a##b
#define MIG_TRY_CAT(a, b) MIG_TRY_CAT_(a, b)
#define MIG_TRY_(expr, st)                  \
  do {                                      \
    if (Status st = (expr); !st) return st; \
  } while (0)
#define MIG_TRY(expr) MIG_TRY_(expr, MIG_TRY_CAT(try_status_, __COUNTER__))

Status DecodeObject(const Json& j, Object* o) {
  const std::string w = "scribedoc.objects";
  MIG_TRY(ReadString(j, "object", w + ".object", &o->id));
  Status st;
  if (const Json* p = Member(j, "package", w + ".package", "scribe.pkg", &st)) {
    MIG_TRY(ReadString(*p, "name", w + ".package.name", &o->package.name));
    MIG_TRY(ReadString(*p, "collectmatch", w + ".package.collectmatch", &o->package.collectmatch));
    MIG_TRY(ReadBool(*p, "onlynewest", w + ".package.onlynewest", &o->package.onlynewest));
  }
  MIG_TRY(st);
  if (const Json* f = Member(j, "filecontent", w + ".filecontent", "scribe.filecontent", &st)) {
    auto& s = o->filecontent;
    const std::string fw = w + ".filecontent.";
    MIG_TRY(ReadString(*f, "path", fw + "path", &s.path));
    MIG_TRY(ReadString(*f, "file", fw + "file", &s.file));
    MIG_TRY(ReadString(*f, "expression", fw + "expression", &s.expression));
    MIG_TRY(ReadString(*f, "concat", fw + "concat", &s.concat));
    MIG_TRY(ReadStringList(*f, "import-chain", fw + "import-chain", &s.import_chain));
  }
  MIG_TRY(st);
  if (const Json* f = Member(j, "filename", w + ".filename", "scribe.filename", &st)) {
    MIG_TRY(ReadString(*f, "path", w + ".filename.path", &o->filename.path));
    MIG_TRY(ReadString(*f, "file", w + ".filename.file", &o->filename.file));
  }
  MIG_TRY(st);
  if (const Json* r = Member(j, "raw", w + ".raw", "scribe.raw", &st)) {
    MIG_TRY(ReadList(*r, "identifiers", w + ".raw.identifiers", "scribe.rawIdentifiers",
                     &o->raw.identifiers, [&](const Json& e, RawIdentifier* id) {
                       MIG_TRY(ReadString(e, "identifier", w + ".raw.identifiers.identifier",
                                          &id->identifier));
                       return ReadString(e, "value", w + ".raw.identifiers.value", &id->value);
                     }));
  }
  MIG_TRY(st);
  if (const Json* h = Member(j, "hasline", w + ".hasline", "scribe.hasline", &st)) {
    const std::string hw = w + ".hasline.";
    MIG_TRY(ReadString(*h, "path", hw + "path", &o->hasline.path));
    MIG_TRY(ReadString(*h, "file", hw + "file", &o->hasline.file));
    MIG_TRY(ReadString(*h, "expression", hw + "expression", &o->hasline.expression));
  }
  return st;
}

Status DecodeTest(const Json& j, Test* t) {
  const std::string w = "scribedoc.tests.";
  MIG_TRY(ReadString(j, "test", w + "test", &t->id));
  MIG_TRY(ReadString(j, "name", w + "name", &t->name));
  MIG_TRY(ReadString(j, "object", w + "object", &t->object));
  MIG_TRY(ReadString(j, "description", w + "description", &t->description));
  Status st;
  if (const Json* e = Member(j, "evr", w + "evr", "scribe.evrtest", &st)) {
    MIG_TRY(ReadString(*e, "operation", w + "evr.operation", &t->evr_operation));
    MIG_TRY(ReadString(*e, "value", w + "evr.value", &t->evr_value));
  }
  MIG_TRY(st);
  if (const Json* r = Member(j, "regexp", w + "regexp", "scribe.regex", &st))
    MIG_TRY(ReadString(*r, "value", w + "regexp.value", &t->regexp));
  MIG_TRY(st);
  if (const Json* x = Member(j, "exactmatch", w + "exactmatch", "scribe.exactmatch", &st))
    MIG_TRY(ReadString(*x, "value", w + "exactmatch.value", &t->exactmatch));
  MIG_TRY(st);
  MIG_TRY(ReadList(j, "tags", w + "tags", "scribe.testtag", &t->tags, [&](const Json& e, Tag* tag) {
    MIG_TRY(ReadString(e, "key", w + "tags.key", &tag->key));
    return ReadString(e, "value", w + "tags.value", &tag->value);
  }));
  MIG_TRY(ReadStringList(j, "if", w + "if", &t->if_tests));
  MIG_TRY(ReadBool(j, "expectedresult", w + "expectedresult", &t->expectedresult));
  return ReadBool(j, "expecterror", w + "expecterror", &t->expecterror);
}

OrderedJson ObjectToJson(const Object& o) {
  OrderedJson j = OrderedJson::object();
  j["object"] = o.id;
  OrderedJson pkg = OrderedJson::object();
  if (!o.package.name.empty()) pkg["name"] = o.package.name;
  if (!o.package.collectmatch.empty()) pkg["collectmatch"] = o.package.collectmatch;
  if (o.package.onlynewest) pkg["onlynewest"] = true;
  OrderedJson fc = OrderedJson::object();
  const auto& f = o.filecontent;
  if (!f.path.empty()) fc["path"] = f.path;
  if (!f.file.empty()) fc["file"] = f.file;
  if (!f.expression.empty()) fc["expression"] = f.expression;
  if (!f.concat.empty()) fc["concat"] = f.concat;
  if (!f.import_chain.empty()) fc["import-chain"] = f.import_chain;
  OrderedJson fn = OrderedJson::object();
  if (!o.filename.path.empty()) fn["path"] = o.filename.path;
  if (!o.filename.file.empty()) fn["file"] = o.filename.file;
  OrderedJson raw = OrderedJson::object();
  if (!o.raw.identifiers.empty()) {
    OrderedJson ids = OrderedJson::array();
    for (const auto& r : o.raw.identifiers)
      ids.push_back(OrderedJson{{"identifier", r.identifier}, {"value", r.value}});
    raw["identifiers"] = ids;
  }
  OrderedJson hl = OrderedJson::object();
  if (!o.hasline.path.empty()) hl["path"] = o.hasline.path;
  if (!o.hasline.file.empty()) hl["file"] = o.hasline.file;
  if (!o.hasline.expression.empty()) hl["expression"] = o.hasline.expression;
  j["filecontent"] = fc;
  j["filename"] = fn;
  j["package"] = pkg;
  j["raw"] = raw;
  j["hasline"] = hl;
  return j;
}

OrderedJson TestToJson(const Test& t) {
  OrderedJson j = OrderedJson::object();
  j["test"] = t.id;
  j["name"] = t.name;
  if (!t.description.empty()) j["description"] = t.description;
  j["object"] = t.object;
  OrderedJson evr = OrderedJson::object();
  if (!t.evr_operation.empty()) evr["operation"] = t.evr_operation;
  if (!t.evr_value.empty()) evr["value"] = t.evr_value;
  j["evr"] = evr;
  OrderedJson re = OrderedJson::object();
  if (!t.regexp.empty()) re["value"] = t.regexp;
  j["regexp"] = re;
  OrderedJson ex = OrderedJson::object();
  if (!t.exactmatch.empty()) ex["value"] = t.exactmatch;
  j["exactmatch"] = ex;
  if (!t.tags.empty()) {
    OrderedJson tags = OrderedJson::array();
    for (const auto& tag : t.tags)
      tags.push_back(OrderedJson{{"key", tag.key}, {"value", tag.value}});
    j["tags"] = tags;
  }
  if (!t.if_tests.empty()) j["if"] = t.if_tests;
  if (t.expectedresult) j["expectedresult"] = true;
  if (t.expecterror) j["expecterror"] = true;
  return j;
}

}  // namespace

SourceKind SourceOf(const Object& o) {
  if (!o.package.name.empty()) return SourceKind::kPackage;
  if (!o.filecontent.path.empty()) return SourceKind::kFileContent;
  if (!o.filename.path.empty()) return SourceKind::kFileName;
  if (!o.raw.identifiers.empty()) return SourceKind::kRaw;
  if (!o.hasline.path.empty()) return SourceKind::kHasLine;
  return SourceKind::kNone;
}

Result<Document> DecodeDocument(const Json& json) {
  if (Status st = gojson::RequireObject(json, "scribe.Document"); !st) return st;
  Document d;
  if (json.is_null()) return d;
  MIG_TRY(ReadList(json, "variables", "scribedoc.variables", "scribe.variable", &d.variables,
                   [](const Json& e, Variable* v) {
                     MIG_TRY(ReadString(e, "key", "scribedoc.variables.key", &v->key));
                     return ReadString(e, "value", "scribedoc.variables.value", &v->value);
                   }));
  MIG_TRY(
      ReadList(json, "objects", "scribedoc.objects", "scribe.object", &d.objects, DecodeObject));
  MIG_TRY(ReadList(json, "tests", "scribedoc.tests", "scribe.test", &d.tests, DecodeTest));
  return d;
}

OrderedJson DocumentToJson(const Document& d) {
  OrderedJson j = OrderedJson::object();
  if (!d.variables.empty()) {
    OrderedJson vars = OrderedJson::array();
    for (const auto& v : d.variables)
      vars.push_back(OrderedJson{{"key", v.key}, {"value", v.value}});
    j["variables"] = vars;
  }
  if (!d.objects.empty()) {
    OrderedJson objects = OrderedJson::array();
    for (const auto& o : d.objects)
      objects.push_back(ObjectToJson(o));
    j["objects"] = objects;
  }
  if (!d.tests.empty()) {
    OrderedJson tests = OrderedJson::array();
    for (const auto& t : d.tests)
      tests.push_back(TestToJson(t));
    j["tests"] = tests;
  }
  return j;
}

}  // namespace mig::modules::scribe
