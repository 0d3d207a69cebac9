#include "core/target/lexer.h"

#include <array>

namespace mig::target_internal {
namespace {

bool IsIdentStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}
bool IsIdentChar(char c) {
  return IsIdentStart(c) || IsDigit(c);
}
bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

char Lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// Longest first, so "->>" wins over "->".
constexpr std::array<std::string_view, 16> kSymbols = {
    "->>", "#>>", "->", "#>", "<>", "!=", "<=", ">=", "=", "<", ">", "(", ")", ",", ".", "+"};

}  // namespace

bool Lex(std::string_view s, std::vector<Token>& tokens, TargetError& error) {
  auto fail = [&](size_t at, std::string reason) {
    error = TargetError{at, std::move(reason)};
    return false;
  };
  size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (IsSpace(c)) {
      ++i;
      continue;
    }
    if (c == '\0') return fail(i, "NUL byte in target");
    if (s.substr(i, 2) == "--" || s.substr(i, 2) == "/*") {
      return fail(i, "comments are not allowed in a target");
    }
    if (c == ';') return fail(i, "';' is not allowed: a target is one expression, not statements");
    if (s.substr(i, 2) == "::") return fail(i, "casts ('::') are not supported");
    if (c == '"') return fail(i, "double quotes are not supported; strings use single quotes");
    Token t;
    t.offset = i;
    if (c == '\'') {
      t.kind = Token::Kind::kString;
      size_t j = i + 1;
      for (;; ++j) {
        if (j >= s.size()) return fail(i, "unterminated string: add the closing quote");
        if (s[j] == '\0') return fail(j, "NUL byte in string");
        if (s[j] != '\'') {
          t.text += s[j];
        } else if (j + 1 < s.size() && s[j + 1] == '\'') {
          t.text += '\'';
          ++j;
        } else {
          break;
        }
      }
      i = j + 1;
    } else if (IsIdentStart(c)) {
      t.kind = Token::Kind::kIdent;
      size_t j = i;
      while (j < s.size() && IsIdentChar(s[j]))
        t.text += Lower(s[j++]);
      i = j;
    } else if (IsDigit(c)) {
      t.kind = Token::Kind::kNumber;
      size_t j = i;
      while (j < s.size() && IsDigit(s[j]))
        ++j;
      if (j < s.size() && s[j] == '.') {
        ++j;
        while (j < s.size() && IsDigit(s[j]))
          ++j;
      }
      if (j < s.size() && (s[j] == 'e' || s[j] == 'E')) {
        size_t k = j + 1;
        if (k < s.size() && (s[k] == '+' || s[k] == '-')) ++k;
        if (k < s.size() && IsDigit(s[k])) {
          while (k < s.size() && IsDigit(s[k]))
            ++k;
          j = k;
        }
      }
      if (j < s.size() && IsIdentStart(s[j])) {
        return fail(j, "unexpected letter after number");
      }
      t.text = std::string(s.substr(i, j - i));
      i = j;
    } else {
      t.kind = Token::Kind::kSymbol;
      if (c == '-') {  // "->", "->>" or minus
        t.text = s.substr(i, 3) == "->>" ? "->>" : s.substr(i, 2) == "->" ? "->" : "-";
      } else {
        for (std::string_view sym : kSymbols) {
          if (s.substr(i, sym.size()) == sym) {
            t.text = std::string(sym);
            break;
          }
        }
      }
      if (t.text.empty()) {
        const unsigned char u = static_cast<unsigned char>(c);
        std::string shown = u >= 0x20 && u < 0x7f ? std::string("'") + c + "'" : "byte";
        return fail(i, "unexpected character " + shown);
      }
      i += t.text.size();
    }
    tokens.push_back(std::move(t));
  }
  Token end;
  end.offset = s.size();
  tokens.push_back(end);
  return true;
}

}  // namespace mig::target_internal
