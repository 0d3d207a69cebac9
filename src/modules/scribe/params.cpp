#include "modules/scribe/params.h"

#include "modules/go_flags.h"
#include "modules/go_json.h"
#include "modules/scribe/document_file.h"

namespace mig::modules::scribe {

Result<Parameters> DecodeParameters(const Json& json) {
  if (Status st = gojson::RequireObject(json, "scribe.parameters"); !st) return st;
  Parameters p;
  if (json.is_null()) return p;
  if (const Json* doc = gojson::Field(json, "scribedoc")) {
    auto d = DecodeDocument(*doc);
    if (!d) return d.status();
    p.document = std::move(*d);
  }
  const std::string w = "parameters";
  if (Status st = gojson::ReadBool(json, "onlytrue", w + ".onlytrue", &p.onlytrue); !st) return st;
  if (Status st = gojson::ReadBool(json, "humanoutput", w + ".humanoutput", &p.humanoutput); !st)
    return st;
  if (Status st = gojson::ReadBool(json, "jsonoutput", w + ".jsonoutput", &p.jsonoutput); !st)
    return st;
  return p;
}

Status ValidateParameters(const Parameters& params) {
  return ValidateDocument(params.document);
}

OrderedJson ParametersToJson(const Parameters& params) {
  OrderedJson j = OrderedJson::object();
  j["scribedoc"] = DocumentToJson(params.document);
  j["onlytrue"] = params.onlytrue;
  j["humanoutput"] = params.humanoutput;
  j["jsonoutput"] = params.jsonoutput;
  return j;
}

namespace {

struct Cli {
  Parameters p;
  FlagFile document;  // -path
};

// The one registration of `mig scribe` flags: the parser and the description.
FlagSet DeclareFlags(Cli& c) {
  FlagSet flags("mig scribe");
  flags.File("path", &c.document,
             "the policy document (JSON, or YAML when it does not start with { or [)",
             kMaxDocumentFileBytes);
  flags.Bool("onlytrue", &c.p.onlytrue, "return only the tests whose master result is true");
  flags.Bool("human", &c.p.humanoutput, "print each test result on several lines");
  flags.Bool("json", &c.p.jsonoutput, "print each test result as one JSON line (-human wins)");
  return flags;
}

}  // namespace

std::vector<FlagInfo> ScribeFlags() {
  Cli c;
  return DeclareFlags(c).Describe();
}

Result<Parameters> ParseScribeArgs(const std::vector<std::string>& args, const FileSource& files) {
  Cli c;
  Parameters& p = c.p;
  if (Status st = DeclareFlags(c).Parse(args, files); !st) return st;
  if (c.document.name.empty()) return Status::Error("-path option is required");
  auto json = ParseDocumentText(c.document.content);
  if (!json) return json.status();
  auto doc = DecodeDocument(*json);
  if (!doc) return doc.status();
  p.document = std::move(*doc);
  return p;
}

std::string ScribeUsage() {
  return R"(mig scribe - evaluate a scribe policy document on the endpoints

usage: mig scribe [-t local | --local] -path <file> [-onlytrue] [-human] [-json]

  -path <file>  the policy document (JSON, or YAML when it does not start
                with { or [), read here and sent in the action
  -onlytrue     return only the tests whose master result is true (tests
                that failed with an error are left out too)
  -human        print each test result on several lines
  -json         print each test result as one JSON line (-human wins)

A document has variables, objects (package, filecontent, filename, raw,
hasline) and tests (evr <, >, =; regexp; exactmatch; if dependencies).
See docs/modules/scribe.md.

examples:
  mig scribe -t local -path sshd-compliance.json -human
  mig scribe -path usn-2015.json -onlytrue
)";
}

}  // namespace mig::modules::scribe
