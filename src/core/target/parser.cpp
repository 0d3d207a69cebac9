// Recursive-descent parser with type checking as nodes are built, so every
// rejection points at the offending token.
#include <optional>
#include <utility>

#include "core/target/columns.h"
#include "core/target/found.h"
#include "core/target/lexer.h"
#include "core/target/literals.h"
#include "core/target/target.h"

namespace mig {
namespace {

using target_internal::Token;
using Kind = TargetExpr::Kind;
using Expr = std::optional<TargetExpr>;

const char* TypeName(ValueType type) {
  switch (type) {
    case ValueType::kText:
      return "text";
    case ValueType::kNumber:
      return "number";
    case ValueType::kTime:
      return "time";
    case ValueType::kJson:
      return "JSON";
    case ValueType::kBool:
      return "condition";
  }
  return "value";
}

ValueType TypeOf(const TargetExpr& e) {
  switch (e.kind) {
    case Kind::kColumn:
      return AgentColumnType(e.column);
    case Kind::kJson:
      return e.as_text ? ValueType::kText : ValueType::kJson;
    case Kind::kString:
      return ValueType::kText;
    case Kind::kNumber:
      return ValueType::kNumber;
    case Kind::kTime:
    case Kind::kNow:
    case Kind::kTimeShift:
      return ValueType::kTime;
    default:
      return ValueType::kBool;
  }
}

std::string Describe(const Token& t) {
  switch (t.kind) {
    case Token::Kind::kEnd:
      return "the end of the target";
    case Token::Kind::kString:
      return "string '" + t.text + "'";
    default:
      return "'" + t.text + "'";
  }
}

bool IsKeyword(const std::string& word) {
  static const char* const kWords[] = {"and",   "or",   "not",    "like",    "ilike",  "in",
                                       "is",    "null", "true",   "false",   "select", "from",
                                       "where", "as",   "exists", "interval"};
  for (const char* w : kWords) {
    if (word == w) return true;
  }
  return false;
}

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : t_(std::move(tokens)) {}

  Expr ParseTop() {
    Expr e = ParseOr();
    if (!e) return e;
    if (Peek().kind != Token::Kind::kEnd) {
      if (IsSymbol(")")) {
        return Fail(Peek().offset, "unbalanced parenthesis: ')' without a matching '('");
      }
      return Fail(Peek().offset,
                  "expected AND, OR or the end of the target, found " + Describe(Peek()));
    }
    if (!RequireBool(*e)) return std::nullopt;
    return e;
  }

  const TargetError& error() const { return error_; }

 private:
  const Token& Peek(size_t ahead = 0) const { return t_[std::min(pos_ + ahead, t_.size() - 1)]; }
  const Token& Next() {
    const Token& t = t_[pos_];
    if (pos_ + 1 < t_.size()) ++pos_;
    return t;
  }
  bool IsWord(const char* word, size_t ahead = 0) const {
    return Peek(ahead).kind == Token::Kind::kIdent && Peek(ahead).text == word;
  }
  bool IsSymbol(const char* sym, size_t ahead = 0) const {
    return Peek(ahead).kind == Token::Kind::kSymbol && Peek(ahead).text == sym;
  }
  bool AcceptWord(const char* word) {
    if (!IsWord(word)) return false;
    Next();
    return true;
  }
  bool AcceptSymbol(const char* sym) {
    if (!IsSymbol(sym)) return false;
    Next();
    return true;
  }

  Expr Fail(size_t offset, std::string reason) {
    if (!failed_) error_ = TargetError{offset, std::move(reason)};
    failed_ = true;
    return std::nullopt;
  }
  bool Expect(const char* sym) {
    if (AcceptSymbol(sym)) return true;
    Fail(Peek().offset, std::string("expected '") + sym + "', found " + Describe(Peek()));
    return false;
  }
  // Guards recursion: parentheses and NOT are the only ways to nest.
  bool Enter(size_t offset) {
    if (++depth_ <= kMaxTargetDepth) return true;
    Fail(offset,
         "target is nested too deeply (more than " + std::to_string(kMaxTargetDepth) + " levels)");
    return false;
  }

  bool RequireBool(const TargetExpr& e) {
    const ValueType type = TypeOf(e);
    if (type == ValueType::kBool) return true;
    Fail(e.offset, std::string("expected a condition (e.g. name = 'x'), found a ") +
                       TypeName(type) + " value");
    return false;
  }

  // Makes a and b comparable, turning a string literal into a time or a
  // number when the other side calls for it.
  bool Unify(TargetExpr& a, TargetExpr& b) {
    if (!CoerceLiteral(a, TypeOf(b)) || !CoerceLiteral(b, TypeOf(a))) return false;
    const ValueType ta = TypeOf(a), tb = TypeOf(b);
    for (const TargetExpr* e : {&a, &b}) {
      if (TypeOf(*e) == ValueType::kJson) {
        Fail(e->offset,
             "a JSON value cannot be compared: use ->> to get a field as text, e.g. "
             "environment->>'os' = 'linux'");
        return false;
      }
    }
    if (ta == tb) return true;
    std::string hint;
    if (tb == ValueType::kNumber && ta == ValueType::kText) hint = " (quote the number: '5')";
    Fail(b.offset, std::string("cannot compare a ") + TypeName(ta) + " value with a " +
                       TypeName(tb) + " value" + hint);
    return false;
  }

  bool CoerceLiteral(TargetExpr& e, ValueType want) {
    if (e.kind != Kind::kString) return true;
    if (want == ValueType::kTime) {
      Time time;
      std::string err = target_internal::ParseTimeLiteral(e.text, time);
      if (!err.empty()) {
        Fail(e.offset, err);
        return false;
      }
      e.kind = Kind::kTime;
      e.time = time;
    } else if (want == ValueType::kNumber) {
      std::string err = target_internal::ParseNumberLiteral(e.text, e);
      if (!err.empty()) {
        Fail(e.offset, "'" + e.text + "' is not a number");
        return false;
      }
    }
    return true;
  }

  Expr ParseOr() { return ParseChain(Kind::kOr, "or", &Parser::ParseAnd); }
  Expr ParseAnd() { return ParseChain(Kind::kAnd, "and", &Parser::ParseNot); }

  Expr ParseChain(Kind kind, const char* word, Expr (Parser::*operand)()) {
    Expr first = (this->*operand)();
    if (!first || !IsWord(word)) return first;
    TargetExpr chain;
    chain.kind = kind;
    chain.offset = first->offset;
    if (!RequireBool(*first)) return std::nullopt;
    chain.children.push_back(std::move(*first));
    while (AcceptWord(word)) {
      Expr next = (this->*operand)();
      if (!next || !RequireBool(*next)) return std::nullopt;
      chain.children.push_back(std::move(*next));
    }
    return chain;
  }

  Expr ParseNot() {
    if (!IsWord("not")) return ParseIs();
    const size_t offset = Next().offset;
    if (!Enter(offset)) return std::nullopt;
    Expr inner = ParseNot();
    --depth_;
    if (!inner || !RequireBool(*inner)) return std::nullopt;
    TargetExpr e;
    e.kind = Kind::kNot;
    e.offset = offset;
    e.children.push_back(std::move(*inner));
    return e;
  }

  Expr ParseIs() {
    Expr value = ParseComparison();
    if (!value || !IsWord("is")) return value;
    Next();
    TargetExpr e;
    e.offset = value->offset;
    e.negated = AcceptWord("not");
    if (AcceptWord("null")) {
      e.kind = Kind::kIsNull;
    } else if (IsWord("true") || IsWord("false")) {
      e.kind = Kind::kIsBool;
      e.bool_value = Next().text == "true";
      if (!RequireBool(*value)) return std::nullopt;
    } else {
      return Fail(Peek().offset,
                  "expected NULL, TRUE or FALSE after IS, found " + Describe(Peek()));
    }
    e.children.push_back(std::move(*value));
    if (IsWord("is")) return Fail(Peek().offset, "IS cannot be chained; use parentheses");
    return e;
  }

  Expr ParseComparison() {
    Expr left = ParseLikeIn();
    if (!left) return left;
    static const std::pair<const char*, CompareOp> kOps[] = {
        {"=", CompareOp::kEq}, {"<>", CompareOp::kNe}, {"!=", CompareOp::kNe},
        {"<", CompareOp::kLt}, {"<=", CompareOp::kLe}, {">", CompareOp::kGt},
        {">=", CompareOp::kGe}};
    for (const auto& [sym, op] : kOps) {
      if (!IsSymbol(sym)) continue;
      Next();
      Expr right = ParseLikeIn();
      if (!right) return right;
      if (!Unify(*left, *right)) return std::nullopt;
      TargetExpr e;
      e.kind = Kind::kCompare;
      e.offset = left->offset;
      e.op = op;
      e.children.push_back(std::move(*left));
      e.children.push_back(std::move(*right));
      for (const auto& [sym2, op2] : kOps) {
        if (IsSymbol(sym2)) {
          (void)op2;
          return Fail(Peek().offset, "comparisons cannot be chained; use AND");
        }
      }
      return e;
    }
    return left;
  }

  Expr ParseLikeIn() {
    Expr value = ParseJsonOps();
    if (!value) return value;
    const bool negated =
        IsWord("not") && (IsWord("like", 1) || IsWord("ilike", 1) || IsWord("in", 1));
    if (negated) Next();
    if (IsWord("like") || IsWord("ilike")) {
      TargetExpr e;
      e.kind = Kind::kLike;
      e.offset = value->offset;
      e.negated = negated;
      e.case_insensitive = Next().text == "ilike";
      if (TypeOf(*value) != ValueType::kText) {
        return Fail(value->offset, std::string("LIKE needs a text value, found a ") +
                                       TypeName(TypeOf(*value)) + " value");
      }
      if (Peek().kind != Token::Kind::kString) {
        return Fail(Peek().offset, "LIKE needs a string pattern, e.g. name LIKE 'web%'");
      }
      const Token& pattern = Next();
      if (!pattern.text.empty() && CountTrailingBackslashes(pattern.text) % 2 == 1) {
        return Fail(pattern.offset, "LIKE pattern ends with the escape character '\\'");
      }
      TargetExpr p;
      p.kind = Kind::kString;
      p.offset = pattern.offset;
      p.text = pattern.text;
      e.children.push_back(std::move(*value));
      e.children.push_back(std::move(p));
      return e;
    }
    if (IsWord("in")) {
      Next();
      return ParseInList(std::move(*value), negated);
    }
    return value;
  }

  static size_t CountTrailingBackslashes(const std::string& s) {
    size_t n = 0;
    while (n < s.size() && s[s.size() - 1 - n] == '\\')
      ++n;
    return n;
  }

  Expr ParseInList(TargetExpr value, bool negated) {
    if (!Expect("(")) return std::nullopt;
    if (IsWord("select")) {
      size_t fail_offset = 0;
      std::optional<TargetExpr> found = target_internal::MatchFoundSubquery(t_, pos_, fail_offset);
      if (!found) {
        return Fail(fail_offset,
                    "subqueries are not allowed, except MIG's -target-found form: id IN (select "
                    "agentid from commands, json_array_elements(commands.results) as r where "
                    "actionid=N and r#>>'{foundanything}' = 'true'); this one differs here");
      }
      if (value.kind != Kind::kColumn || value.column != AgentColumn::kId) {
        return Fail(value.offset, "the -target-found subquery must be tested with id IN (...)");
      }
      found->offset = value.offset;
      if (!negated) return found;
      TargetExpr e;
      e.kind = Kind::kNot;
      e.offset = value.offset;
      e.children.push_back(std::move(*found));
      return e;
    }
    TargetExpr e;
    e.kind = Kind::kIn;
    e.offset = value.offset;
    e.negated = negated;
    e.children.push_back(std::move(value));
    if (IsSymbol(")")) return Fail(Peek().offset, "IN needs at least one value");
    do {
      Expr item = ParseJsonOps();
      if (!item || !Unify(e.children.front(), *item)) return std::nullopt;
      e.children.push_back(std::move(*item));
    } while (AcceptSymbol(","));
    if (!Expect(")")) return std::nullopt;
    return e;
  }

  Expr ParseJsonOps() {
    Expr left = ParseAdditive();
    if (!left) return left;
    while (IsSymbol("->") || IsSymbol("->>") || IsSymbol("#>") || IsSymbol("#>>")) {
      const Token op = Next();
      const bool is_path = op.text[0] == '#';
      const bool json_source =
          (left->kind == Kind::kColumn && AgentColumnType(left->column) == ValueType::kJson) ||
          (left->kind == Kind::kJson && !left->as_text);
      if (!json_source) {
        return Fail(op.offset, op.text +
                                   " applies to environment, tags or a JSON value from ->, "
                                   "not to a " +
                                   TypeName(TypeOf(*left)) + " value");
      }
      JsonStep step;
      const Token& key = Peek();
      if (key.kind == Token::Kind::kString) {
        Next();
        if (is_path) {
          step.kind = JsonStep::Kind::kPath;
          std::string err = target_internal::ParsePathLiteral(key.text, step.path);
          if (!err.empty()) return Fail(key.offset, err);
        } else {
          step.kind = JsonStep::Kind::kKey;
          step.key = key.text;
        }
      } else if (key.kind == Token::Kind::kNumber && !is_path) {
        Next();
        TargetExpr number;
        std::string err = target_internal::ParseNumberLiteral(key.text, number);
        if (!err.empty() || !number.is_integer || number.integer > 1'000'000) {
          return Fail(key.offset, "array index must be an integer from 0 to 1000000");
        }
        step.kind = JsonStep::Kind::kIndex;
        step.index = number.integer;
      } else {
        return Fail(key.offset, is_path ? op.text + " needs a path string, e.g. '{aws,region}'"
                                        : op.text + " needs a key string or an array index");
      }
      if (left->kind == Kind::kColumn) {
        const AgentColumn column = left->column;
        left->kind = Kind::kJson;
        left->column = column;
      }
      left->steps.push_back(std::move(step));
      left->as_text = op.text.size() == 3;
    }
    return left;
  }

  Expr ParseAdditive() {
    Expr left = ParsePrimary();
    if (!left) return left;
    while (IsSymbol("+") || IsSymbol("-")) {
      const Token op = Next();
      if (TypeOf(*left) != ValueType::kTime) {
        return Fail(op.offset, "'" + op.text + "' is only supported as <time> " + op.text +
                                   " interval '...', e.g. NOW() - interval '1 hour'");
      }
      if (!IsWord("interval") || Peek(1).kind != Token::Kind::kString) {
        return Fail(Peek().offset, "expected interval '<amount> <unit>' after '" + op.text +
                                       "', found " + Describe(Peek()));
      }
      Next();
      const Token& literal = Next();
      TargetExpr shift;
      shift.kind = Kind::kTimeShift;
      shift.offset = left->offset;
      shift.negated = op.text == "-";
      std::string err = target_internal::ParseIntervalLiteral(literal.text, shift.interval);
      if (!err.empty()) return Fail(literal.offset, err);
      shift.children.push_back(std::move(*left));
      left = std::move(shift);
    }
    return left;
  }

  Expr ParsePrimary() {
    const Token& t = Peek();
    TargetExpr e;
    e.offset = t.offset;
    switch (t.kind) {
      case Token::Kind::kEnd:
        return Fail(t.offset, "unexpected end of the target: a value is missing");
      case Token::Kind::kString:
        Next();
        e.kind = Kind::kString;
        e.text = t.text;
        return e;
      case Token::Kind::kNumber: {
        Next();
        std::string err = target_internal::ParseNumberLiteral(t.text, e);
        if (!err.empty()) return Fail(t.offset, err);
        return e;
      }
      case Token::Kind::kSymbol:
        return ParseSymbolPrimary();
      case Token::Kind::kIdent:
        return ParseWordPrimary();
    }
    return std::nullopt;
  }

  Expr ParseSymbolPrimary() {
    const Token t = Next();
    if (t.text == "(") {
      if (IsWord("select")) {
        return Fail(Peek().offset,
                    "subqueries are not allowed (except MIG's -target-found form with id IN)");
      }
      if (!Enter(t.offset)) return std::nullopt;
      Expr inner = ParseOr();
      --depth_;
      if (!inner) return inner;
      if (!IsSymbol(")")) {
        if (Peek().kind == Token::Kind::kEnd) {
          return Fail(t.offset, "unbalanced parenthesis: this '(' is never closed");
        }
        return Fail(Peek().offset, "expected ')', found " + Describe(Peek()));
      }
      Next();
      return inner;
    }
    if (t.text == "-" && Peek().kind == Token::Kind::kNumber) {
      const Token& number = Next();
      TargetExpr e;
      e.offset = t.offset;
      std::string err = target_internal::ParseNumberLiteral("-" + number.text, e);
      if (!err.empty()) return Fail(number.offset, err);
      return e;
    }
    if (t.text == ")") {
      return Fail(t.offset, "unbalanced parenthesis: ')' without a matching '('");
    }
    return Fail(t.offset, "expected a value, found " + Describe(t));
  }

  Expr ParseWordPrimary() {
    const Token t = Next();
    TargetExpr e;
    e.offset = t.offset;
    const std::string& w = t.text;
    if (w == "true" || w == "false") {
      e.kind = Kind::kBool;
      e.bool_value = w == "true";
      return e;
    }
    if (w == "null") {
      return Fail(t.offset, "NULL can only be tested with IS NULL / IS NOT NULL");
    }
    if (w == "select" || w == "exists") {
      return Fail(t.offset,
                  "subqueries are not allowed (except MIG's -target-found form with id IN)");
    }
    if (w == "interval") {
      return Fail(t.offset,
                  "an interval can only be added to or subtracted from a time, e.g. "
                  "NOW() - interval '1 hour'");
    }
    if (w == "current_timestamp") {
      e.kind = Kind::kNow;
      return e;
    }
    if (IsSymbol("(")) {
      if (w != "now") return Fail(t.offset, "unknown function '" + w + "': only NOW() is allowed");
      Next();
      if (!Expect(")")) return std::nullopt;
      e.kind = Kind::kNow;
      return e;
    }
    if (IsKeyword(w)) return Fail(t.offset, "expected a value, found '" + w + "'");
    std::string column = w;
    if (IsSymbol(".")) {
      if (w != "agents") {
        return Fail(t.offset, "unknown table '" + w + "': only columns of agents can be used");
      }
      Next();
      if (Peek().kind != Token::Kind::kIdent) {
        return Fail(Peek().offset, "expected a column name after 'agents.'");
      }
      e.offset = Peek().offset;
      column = Next().text;
    }
    std::optional<AgentColumn> found = target_internal::FindAgentColumn(column);
    if (!found) {
      return Fail(e.offset, "unknown column '" + column +
                                "'; the agents columns are: " + target_internal::AgentColumnList());
    }
    e.kind = Kind::kColumn;
    e.column = *found;
    return e;
  }

  std::vector<Token> t_;
  size_t pos_ = 0;
  int depth_ = 0;
  bool failed_ = false;
  TargetError error_;
};

// What a node adds to the nesting of the compiled SQL (kMaxTargetNesting).
int NestingWeight(const TargetExpr& e) {
  switch (e.kind) {
    case Kind::kTimeShift:
      return 2;  // strftime(..., <time>, ...) || ..., within parentheses
    case Kind::kFoundInAction:
      return 3;  // EXISTS (SELECT ... WHERE ... (...))
    default:
      return e.children.empty() ? 0 : 1;
  }
}

// The first node (depth first) whose nesting passes kMaxTargetNesting.
const TargetExpr* TooDeep(const TargetExpr& e, int above) {
  const int here = above + NestingWeight(e);
  if (here > kMaxTargetNesting) return &e;
  for (const TargetExpr& child : e.children) {
    if (const TargetExpr* deep = TooDeep(child, here)) return deep;
  }
  return nullptr;
}

}  // namespace

Result<TargetExpr> ParseTarget(std::string_view text, TargetError* error) {
  TargetError err;
  auto fail = [&]() {
    if (error) *error = err;
    return Result<TargetExpr>::Error("invalid target: " + err.reason + " at byte " +
                                     std::to_string(err.offset));
  };
  if (text.size() > kMaxTargetBytes) {
    err = TargetError{kMaxTargetBytes,
                      "target is longer than " + std::to_string(kMaxTargetBytes) + " bytes"};
    return fail();
  }
  std::vector<Token> tokens;
  if (!target_internal::Lex(text, tokens, err)) return fail();
  if (tokens.size() == 1) {
    err = TargetError{0, "target is empty: write a condition such as status='online'"};
    return fail();
  }
  Parser parser(std::move(tokens));
  Expr expr = parser.ParseTop();
  if (!expr) {
    err = parser.error();
    return fail();
  }
  if (const TargetExpr* deep = TooDeep(*expr, 0)) {
    err = TargetError{deep->offset, "target is nested too deeply (more than " +
                                        std::to_string(kMaxTargetNesting) +
                                        " levels of conditions and time arithmetic)"};
    return fail();
  }
  return std::move(*expr);
}

}  // namespace mig
