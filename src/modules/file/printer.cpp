#include "modules/file/printer.h"

#include <cctype>

namespace mig::modules::file {
namespace {

std::string Str(const OrderedJson& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : "";
}

std::string Integer(const OrderedJson& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_number()) return "0";
  return std::to_string(static_cast<int64_t>(it->get<double>()));
}

std::string Lower(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::vector<std::string> PrintResult(const ModuleResult& result, bool found_only) {
  std::vector<std::string> lines;
  if (result.elements.is_object()) {
    for (const auto& [label, list] : result.elements.items()) {
      if (!list.is_array()) continue;
      for (const auto& entry : list) {
        if (!entry.is_object()) continue;
        const std::string file = Str(entry, "file");
        const OrderedJson empty = OrderedJson::object();
        const auto& search = entry.contains("search") ? entry["search"] : empty;
        const auto& info = entry.contains("fileinfo") ? entry["fileinfo"] : empty;
        std::string line;
        if (file.empty()) {
          if (found_only) continue;
          line = "0 match found in search '" + label + "'";
        } else {
          line = file + " [lastmodified:" + Str(info, "lastmodified") +
                 ", mode:" + Str(info, "mode") + ", size:" + Integer(info, "size");
          const std::string sha = Str(info, "sha256");
          if (!sha.empty()) line += ", sha256:" + Lower(sha);
          line += "] in search '" + label + "'";
        }
        bool matchall = false;
        if (search.is_object() && search.contains("options") && search["options"].is_object()) {
          auto it = search["options"].find("matchall");
          matchall = it != search["options"].end() && it->is_boolean() && it->get<bool>();
        }
        if (!matchall && search.is_object()) {
          line += " on checks";
          for (const auto& [key, name] : {std::pair{"names", "name"},
                                          {"sizes", "size"},
                                          {"modes", "mode"},
                                          {"mtimes", "mtime"},
                                          {"contents", "content"},
                                          {"md5", "md5"},
                                          {"sha1", "sha1"},
                                          {"sha2", "sha2"},
                                          {"sha3", "sha3"}}) {
            auto it = search.find(key);
            if (it == search.end() || !it->is_array()) continue;
            for (const auto& v : *it)
              if (v.is_string())
                line += std::string(" ") + name + "='" + v.get<std::string>() + "'";
          }
        }
        lines.push_back(std::move(line));
      }
    }
  }
  if (!found_only) {
    for (const auto& e : result.errors)
      lines.push_back(e);
    const OrderedJson& st = result.statistics;
    if (st.is_object())
      lines.push_back("Statistics: " + Integer(st, "filescount") + " files checked, " +
                      Integer(st, "openfailed") + " failed to open, " + Integer(st, "totalhits") +
                      " matched, ran in " + Str(st, "exectime") + ".");
  }
  return lines;
}

}  // namespace mig::modules::file
