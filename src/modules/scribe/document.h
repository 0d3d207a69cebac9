// A scribe policy document (spec/modules/scribe.md section 3): variables,
// objects (where values come from) and tests (what the values must be).
// Decoded with Go encoding/json rules; an empty member object is "not set",
// as the documents `mig` re-encodes carry every member.
#pragma once

#include <string>
#include <vector>

#include "core/documents.h"
#include "core/status.h"

namespace mig::modules::scribe {

struct Variable {
  std::string key, value;
};

struct PackageSource {
  std::string name;
  std::string collectmatch;  // regex on package names; name is then a label
  bool onlynewest = false;
};

struct FileContentSource {
  std::string path, file, expression, concat;
  std::vector<std::string> import_chain;  // object ids
};

struct FileNameSource {
  std::string path, file;
};

struct RawIdentifier {
  std::string identifier, value;
};

struct RawSource {
  std::vector<RawIdentifier> identifiers;
};

struct HasLineSource {
  std::string path, file, expression;
};

enum class SourceKind { kNone, kPackage, kFileContent, kFileName, kRaw, kHasLine };

struct Object {
  std::string id;
  PackageSource package;
  FileContentSource filecontent;
  FileNameSource filename;
  RawSource raw;
  HasLineSource hasline;
};

// The one source an object uses, in the priority of section 3.2.
SourceKind SourceOf(const Object& object);

struct Tag {
  std::string key, value;
};

struct Test {
  std::string id, name, object, description;
  std::string evr_operation, evr_value;
  std::string regexp;
  std::string exactmatch;
  std::vector<Tag> tags;
  std::vector<std::string> if_tests;
  bool expectedresult = false;
  bool expecterror = false;
};

struct Document {
  std::vector<Variable> variables;
  std::vector<Object> objects;
  std::vector<Test> tests;
};

// Go decoding of a document object (null reads as an empty document).
Result<Document> DecodeDocument(const Json& json);

// Every key of every object and test written, empty ones included, as
// MIG's client re-encodes a document.
OrderedJson DocumentToJson(const Document& document);

// The checks of section 3.7, in order; the first failure.
Status ValidateDocument(const Document& document);

}  // namespace mig::modules::scribe
