#include "core/target/found.h"

#include <string>

#include "core/target/literals.h"
#include "core/target/target.h"

namespace mig {
namespace target_internal {
namespace {

class Matcher {
 public:
  Matcher(const std::vector<Token>& t, size_t pos) : t_(t), pos_(pos) {}

  bool Word(const char* w) { return Take(Token::Kind::kIdent, w); }
  bool Symbol(const char* s) { return Take(Token::Kind::kSymbol, s); }
  bool String(const char* s) { return Take(Token::Kind::kString, s); }
  // "commands.<column>" or "<column>".
  bool CommandsColumn(const char* column) {
    if (Peek().kind == Token::Kind::kIdent && Peek().text == "commands" && PeekIs(1, ".")) {
      pos_ += 2;
    }
    return Word(column);
  }
  bool OptionalWord(const char* w) {
    if (Peek().kind == Token::Kind::kIdent && Peek().text == w) ++pos_;
    return true;
  }
  bool Alias(std::string& out) {
    if (Peek().kind != Token::Kind::kIdent || Peek().text == "where") return false;
    out = t_[pos_++].text;
    return true;
  }
  bool Same(const std::string& alias) {
    if (Peek().kind != Token::Kind::kIdent || Peek().text != alias) return false;
    ++pos_;
    return true;
  }
  bool Integer(int64_t& out) {
    if (Peek().kind != Token::Kind::kNumber) return false;
    TargetExpr number;
    if (!ParseNumberLiteral(Peek().text, number).empty() || !number.is_integer) return false;
    out = number.integer;
    ++pos_;
    return true;
  }
  bool Found(bool& out) {
    if (Peek().kind != Token::Kind::kString) return false;
    if (Peek().text != "true" && Peek().text != "false") return false;
    out = t_[pos_++].text == "true";
    return true;
  }

  size_t pos() const { return pos_; }
  size_t offset() const { return Peek().offset; }

 private:
  const Token& Peek() const { return t_[std::min(pos_, t_.size() - 1)]; }
  bool PeekIs(size_t ahead, const char* sym) const {
    const size_t i = pos_ + ahead;
    return i < t_.size() && t_[i].kind == Token::Kind::kSymbol && t_[i].text == sym;
  }
  bool Take(Token::Kind kind, const char* text) {
    if (Peek().kind != kind || Peek().text != text) return false;
    ++pos_;
    return true;
  }

  const std::vector<Token>& t_;
  size_t pos_;
};

}  // namespace

std::optional<TargetExpr> MatchFoundSubquery(const std::vector<Token>& tokens, size_t& pos,
                                             size_t& fail_offset) {
  Matcher m(tokens, pos);
  std::string alias;
  TargetExpr e;
  e.kind = TargetExpr::Kind::kFoundInAction;
  const bool ok = m.Word("select") && m.CommandsColumn("agentid") && m.Word("from") &&
                  m.Word("commands") && m.Symbol(",") && m.Word("json_array_elements") &&
                  m.Symbol("(") && m.CommandsColumn("results") && m.Symbol(")") &&
                  m.OptionalWord("as") && m.Alias(alias) && m.Word("where") &&
                  m.CommandsColumn("actionid") && m.Symbol("=") && m.Integer(e.action_id) &&
                  m.Word("and") && m.Same(alias) && m.Symbol("#>>") &&
                  m.String("{foundanything}") && m.Symbol("=") && m.Found(e.found) && m.Symbol(")");
  if (!ok) {
    fail_offset = m.offset();
    return std::nullopt;
  }
  pos = m.pos();
  return e;
}

}  // namespace target_internal

std::string TargetFoundPrefix(int64_t action_id, bool found) {
  return "id IN (select agentid from commands, json_array_elements(commands.results) as r "
         "where actionid=" +
         std::to_string(action_id) + " and r#>>'{foundanything}' = '" + (found ? "true" : "false") +
         "')";
}

std::string WithTargetFound(int64_t action_id, bool found, std::string_view target) {
  return TargetFoundPrefix(action_id, found) + " AND " + std::string(target);
}

}  // namespace mig
