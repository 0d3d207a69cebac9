#include "modules/scribe/yaml_json.h"

#include <yaml.h>

#include <memory>
#include <vector>

namespace mig::modules::scribe {
namespace {

Json PlainScalar(const std::string& s) {
  if (s == "true" || s == "True" || s == "TRUE" || s == "yes" || s == "Yes" || s == "on" ||
      s == "On")
    return true;
  if (s == "false" || s == "False" || s == "FALSE" || s == "no" || s == "No" || s == "off" ||
      s == "Off")
    return false;
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  return s;
}

struct Frame {
  Json value;
  std::string pending_key;  // mappings: the key read, waiting for its value
  bool have_key = false;
};

class Converter {
 public:
  Result<Json> Run(std::string_view text) {
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) return Status::Error("YAML: out of memory");
    std::unique_ptr<yaml_parser_t, void (*)(yaml_parser_t*)> guard(&parser, yaml_parser_delete);
    yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()),
                                 text.size());
    for (;;) {
      yaml_event_t event;
      if (!yaml_parser_parse(&parser, &event)) {
        return Status::Error(
            "YAML: " + std::string(parser.problem ? parser.problem : "parse error") + " at line " +
            std::to_string(parser.problem_mark.line + 1));
      }
      std::unique_ptr<yaml_event_t, void (*)(yaml_event_t*)> ev(&event, yaml_event_delete);
      const yaml_event_type_t type = event.type;
      if (Status st = Handle(event); !st) return st;
      if (type == YAML_DOCUMENT_END_EVENT || type == YAML_STREAM_END_EVENT) break;
    }
    if (!done_) return Status::Error("YAML: empty document");
    return std::move(root_);
  }

 private:
  Status Handle(const yaml_event_t& e) {
    switch (e.type) {
      case YAML_ALIAS_EVENT:
        return Status::Error("YAML: aliases are not supported in policies");
      case YAML_SCALAR_EVENT: {
        std::string s(reinterpret_cast<const char*>(e.data.scalar.value), e.data.scalar.length);
        const bool plain = e.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
        return Add(plain ? PlainScalar(s) : Json(s), &s);
      }
      case YAML_SEQUENCE_START_EVENT:
        return Open(Json::array());
      case YAML_MAPPING_START_EVENT:
        return Open(Json::object());
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT: {
        Json v = std::move(stack_.back().value);
        stack_.pop_back();
        return Add(std::move(v), nullptr);
      }
      default:
        return Status::Ok();
    }
  }

  Status Open(Json container) {
    if (static_cast<int>(stack_.size()) >= kMaxYamlDepth)
      return Status::Error("YAML: nested deeper than " + std::to_string(kMaxYamlDepth) + " levels");
    if (!stack_.empty() && stack_.back().value.is_object() && !stack_.back().have_key)
      return Status::Error("YAML: only scalar mapping keys are supported");
    stack_.push_back(Frame{std::move(container), "", false});
    return Status::Ok();
  }

  // raw is the scalar's text when v is a scalar (a mapping key is text).
  Status Add(Json v, const std::string* raw) {
    if (stack_.empty()) {
      if (done_) return Status::Error("YAML: one document only");
      root_ = std::move(v);
      done_ = true;
      return Status::Ok();
    }
    Frame& f = stack_.back();
    if (f.value.is_array()) {
      f.value.push_back(std::move(v));
    } else if (!f.have_key) {
      if (!raw) return Status::Error("YAML: only scalar mapping keys are supported");
      f.pending_key = *raw;
      f.have_key = true;
    } else {
      f.value[f.pending_key] = std::move(v);
      f.have_key = false;
    }
    return Status::Ok();
  }

  std::vector<Frame> stack_;
  Json root_;
  bool done_ = false;
};

}  // namespace

Result<Json> YamlToJson(std::string_view text) {
  return Converter().Run(text);
}

}  // namespace mig::modules::scribe
