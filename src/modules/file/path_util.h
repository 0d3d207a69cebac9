// Lexical path helpers with Go's path/filepath semantics.
#pragma once

#include <string>
#include <string_view>

namespace mig::modules::file {

// filepath.Clean: "/etc/" -> "/etc", "./x" -> "x", "a//b/../c" -> "a/c",
// "" -> ".".
std::string CleanPath(std::string_view path);

// filepath.Dir and filepath.Base of a cleaned path.
std::string DirName(std::string_view path);
std::string BaseName(std::string_view path);

// parent + "/" + name, without doubling the slash of "/".
std::string JoinPath(std::string_view parent, std::string_view name);

// True when ancestor is path itself or one of its directories, comparing
// whole components ("/a/foo" is not an ancestor of "/a/foobar"). Both
// cleaned. Returns the number of components path has below ancestor.
bool IsAncestorOrSelf(std::string_view ancestor, std::string_view path, int* levels_below);

}  // namespace mig::modules::file
