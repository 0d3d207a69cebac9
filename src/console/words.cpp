#include "console/words.h"

namespace mig::console {

Result<std::vector<std::string>> SplitWords(const std::string& line) {
  std::vector<std::string> words;
  std::string cur;
  bool in_word = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == ' ' || c == '\t') {
      if (in_word) words.push_back(std::move(cur));
      cur.clear();
      in_word = false;
      continue;
    }
    in_word = true;
    if (c == '\'') {
      const size_t end = line.find('\'', i + 1);
      if (end == std::string::npos)
        return Result<std::vector<std::string>>::Error("unterminated ' quote starting at column " +
                                                       std::to_string(i + 1) +
                                                       "; close it with another '");
      cur.append(line, i + 1, end - i - 1);
      i = end;
    } else if (c == '"') {
      size_t j = i + 1;
      for (; j < line.size() && line[j] != '"'; ++j) {
        if (line[j] == '\\' && j + 1 < line.size() && (line[j + 1] == '"' || line[j + 1] == '\\'))
          ++j;
        cur += line[j];
      }
      if (j >= line.size())
        return Result<std::vector<std::string>>::Error("unterminated \" quote starting at column " +
                                                       std::to_string(i + 1) +
                                                       "; close it with another \"");
      i = j;
    } else if (c == '\\' && i + 1 < line.size()) {
      cur += line[++i];
    } else {
      cur += c;
    }
  }
  if (in_word) words.push_back(std::move(cur));
  return words;
}

std::string JoinWords(const std::vector<std::string>& words, size_t from) {
  std::string out;
  for (size_t i = from; i < words.size(); ++i) {
    if (i > from) out += ' ';
    out += words[i];
  }
  return out;
}

}  // namespace mig::console
