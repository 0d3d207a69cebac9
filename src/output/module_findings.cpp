#include "output/module_findings.h"

#include "output/element_fields.h"

namespace mig::output {
namespace {

Finding Base(const std::string& module, Outcome outcome, OrderedJson evidence) {
  Finding f;
  f.module = module;
  f.outcome = outcome;
  f.evidence = std::move(evidence);
  return f;
}

std::string Endpoint(const std::string& ip, const std::optional<int64_t>& port) {
  if (!port) return ip;
  return (ip.find(':') != std::string::npos ? "[" + ip + "]" : ip) + ":" + std::to_string(*port);
}

// file: {"<label>": [MatchedFile, ...] | null}; placeholders have file "".
void FileFindings(const ModuleResult& r, std::vector<Finding>& out) {
  if (!r.elements.is_object()) return;
  for (const auto& [label, entries] : r.elements.items()) {
    if (!entries.is_array()) continue;
    for (const auto& e : entries) {
      FileFacts file;
      file.path = TextField(e, "file");
      if (file.path.empty()) continue;
      const OrderedJson info =
          e.is_object() && e.contains("fileinfo") ? e["fileinfo"] : OrderedJson();
      file.size = IntegerField(info, "size");
      file.mode = TextField(info, "mode");
      file.modified = TextField(info, "lastmodified");
      file.sha256 = TextField(info, "sha256");
      Finding f = Base("file", Outcome::kMatch, e);
      f.criterion = "search " + label;
      f.title = "file " + file.path + " matched search " + label;
      f.file = std::move(file);
      out.push_back(std::move(f));
    }
  }
}

// netstat: {"<category>": {"<value>": [element, ...] | null}}.
void NetstatFindings(const ModuleResult& r, std::vector<Finding>& out) {
  if (!r.elements.is_object()) return;
  for (const auto& [category, values] : r.elements.items()) {
    if (!values.is_object()) continue;
    for (const auto& [value, entries] : values.items()) {
      if (!entries.is_array()) continue;
      for (const auto& e : entries) {
        if (!e.is_object()) continue;
        ConnectionFacts c;
        c.local_ip = IpLiteral(TextField(e, "localaddr"));
        c.remote_ip = IpLiteral(TextField(e, "remoteaddr"));
        c.local_port = IntegerField(e, "localport");
        c.remote_port = IntegerField(e, "remoteport");
        c.local_mac = TextField(e, "localmacaddr");
        c.remote_mac = TextField(e, "remotemacaddr");
        c.network_namespace = TextField(e, "namespace");
        Finding f = Base("netstat", Outcome::kMatch, e);
        f.criterion = category + " " + value;
        std::string what;
        if (!c.local_mac.empty()) what = "local MAC " + c.local_mac;
        if (!c.remote_mac.empty()) what = "neighbor MAC " + c.remote_mac;
        if (!c.local_ip.empty() || c.local_port)
          what += (what.empty() ? "" : " ") + Endpoint(c.local_ip, c.local_port);
        if (!c.remote_ip.empty() || c.remote_port)
          what += " -> " + Endpoint(c.remote_ip, c.remote_port);
        f.title =
            "netstat " + (what.empty() ? std::string("element") : what) + " matched " + f.criterion;
        f.connection = std::move(c);
        out.push_back(std::move(f));
      }
    }
  }
}

// memory: {"<label>": [{"process": {"name", "pid"}, "search": {...}}]};
// placeholders have pid 0.
void MemoryFindings(const ModuleResult& r, std::vector<Finding>& out) {
  if (!r.elements.is_object()) return;
  for (const auto& [label, entries] : r.elements.items()) {
    if (!entries.is_array()) continue;
    for (const auto& e : entries) {
      const OrderedJson proc =
          e.is_object() && e.contains("process") ? e["process"] : OrderedJson();
      ProcessFacts p;
      p.pid = IntegerField(proc, "pid").value_or(0);
      p.name = TextField(proc, "name");
      if (p.pid <= 0) continue;
      Finding f = Base("memory", Outcome::kMatch, e);
      f.criterion = "search " + label;
      f.title = "process " + std::to_string(p.pid) + " " + p.name + " matched search " + label;
      f.process = std::move(p);
      out.push_back(std::move(f));
    }
  }
}

// pkg: {"packages": [{"name", "version", "type", "arch"}]}.
void PkgFindings(const ModuleResult& r, std::vector<Finding>& out) {
  if (!r.elements.is_object() || !r.elements.contains("packages")) return;
  const auto& packages = r.elements["packages"];
  if (!packages.is_array()) return;
  for (const auto& e : packages) {
    PackageFacts p{TextField(e, "name"), TextField(e, "version"), TextField(e, "type"),
                   TextField(e, "arch")};
    if (p.name.empty()) continue;
    Finding f = Base("pkg", Outcome::kMatch, e);
    f.criterion = "package query";
    f.title = "package " + p.name + " " + p.version + " (" + p.type + " " + p.arch + ") installed";
    f.package = std::move(p);
    out.push_back(std::move(f));
  }
}

}  // namespace

std::vector<Finding> ModuleFindings(const std::string& module, const ModuleResult& result,
                                    Selection selection) {
  std::vector<Finding> out;
  if (!result.success) {
    Finding f = Base(module, Outcome::kError, result.elements);
    f.finding_class = module == "scribe" ? FindingClass::kCompliance : FindingClass::kDetection;
    f.errors = result.errors;
    if (f.errors.empty()) f.errors.push_back("the module failed without saying why");
    f.title = module + " could not run: " + f.errors.front();
    out.push_back(std::move(f));
    return out;
  }
  if (module == "scribe") {
    out = ScribeFindings(result);
  } else {
    const bool want_found = selection != Selection::kNotFound;
    if (want_found && result.found_anything) {
      if (module == "file")
        FileFindings(result, out);
      else if (module == "netstat")
        NetstatFindings(result, out);
      else if (module == "memory")
        MemoryFindings(result, out);
      else if (module == "pkg")
        PkgFindings(result, out);
      // Found, but no element we know how to split (another module, or an
      // answer of a shape we do not expect): one finding with the answer.
      if (out.empty()) {
        Finding f = Base(module, Outcome::kMatch, result.elements);
        f.title = module + " found something";
        out.push_back(std::move(f));
      }
    }
    if (selection != Selection::kFound && !result.found_anything) {
      Finding f = Base(module, Outcome::kNoMatch, result.elements);
      f.title = module + " found nothing";
      out.push_back(std::move(f));
    }
  }
  for (size_t i = 0; i < out.size(); ++i)
    out[i].index = i;
  return out;
}

}  // namespace mig::output
