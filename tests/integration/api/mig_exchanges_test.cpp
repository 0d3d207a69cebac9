// MIG's recorded exchanges: the requests MIG's own Go programs (mig-agent,
// mig, mig-console) make to the API, written byte for byte as Go's net/http
// puts them on the wire, and what those programs need from the answers. The
// facts come from the specification (../shared/spec, cited per group) and
// from our issue 14, not from MIG's code; kFacts is the table.
//
// How Go's client behaves on the wire (net/http, the version MIG was built
// with), which every exchange below goes through (GoClient):
//  * request line with the path and query exactly as the program built them
//    (doubled slashes and trailing slashes kept), then Host, User-Agent
//    ("Go-http-client/1.1" when the program sets none), Content-Length for a
//    body, the program's headers sorted by name and in canonical form
//    (X-PGPAUTHORIZATION goes out as "X-Pgpauthorization"), and last
//    "Accept-Encoding: gzip";
//  * one kept-alive connection, reused for the next request;
//  * redirects followed up to 10: 301/302/303 repeat a GET as a GET and turn
//    a POST into a GET without its body (the data is lost), 307/308 keep
//    method and body; the original headers (the token too) are copied and a
//    Referer is added.
#include <arpa/inet.h>
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <regex>
#include <set>

#include <nlohmann/json.hpp>

#include "api/investigators.h"
#include "api/permissions.h"
#include "api/token.h"
#include "api_harness.h"
#include "core/documents_json.h"
#include "core/pgp/sign.h"
#include "core/signed_string.h"

namespace mig::test {
namespace {

using nlohmann::json;

// ===========================================================================
// The facts
// ===========================================================================

enum class Auth {
  kNone,   // no authentication header
  kToken,  // X-PGPAUTHORIZATION: 1;<time>;<nonce>;<one-line signature>
  kApiKey  // X-MIGAPIKEY: <key> (~/.migrc [gpg] useapikeyauth)
};
enum class Body {
  kNone,
  kJson,      // Content-Type: application/json, the JSON as the program marshals it
  kForm,      // Content-Type: application/x-www-form-urlencoded, url.Values.Encode()
  kMultipart  // Content-Type: multipart/form-data; boundary=<60 hex>, mime/multipart.Writer
};

// What a program reads from an answer. `where` is a JSON pointer into the
// answer, "body" (the raw text) or "data:<name>" (every item data entry of
// that name, at least one). `expect` is "=<JSON>" (equal), "~<regex>" (a
// string matching it), "ip" (net.ParseIP accepts it) or a Go type the
// program decodes it into with encoding/json (GoDecodes below).
struct Read {
  std::string where, expect;
};

struct Fact {
  std::string id;
  std::string program;
  std::string method;
  std::string uri;  // path and query as the program builds them; {var} filled in
  // The header lines Go writes, in order (names canonicalised by Go).
  std::string headers;
  Auth auth;
  Body body;
  std::string redirects;  // the hops Go's client follows: "" or "301 <location path>"
  int status;             // what the program needs
  std::string content_type;
  std::vector<Read> reads;
  std::string source;
};

const std::vector<Fact>& Facts() {
  static const std::vector<Fact> facts = {
      // --- mig-agent, default configuration: APIURL
      // "http://localhost:1664/api/v1/" (components.md 3.2), public IP
      // discovery at start (components.md 3.8; api.md 5 "GET /ip": bare
      // text, the agent keeps it only if it parses as an IP); it asks for
      // "<api>/ip" from the URL ending in '/', hence "//ip", and follows
      // MIG's router's 301 to the clean path (issue 14; api.md 1 "Double
      // slashes are cleaned by a 301 redirect"). No User-Agent of its own.
      {.id = "agent.ip",
       .program = "mig-agent",
       .method = "GET",
       .uri = "/api/v1//ip",
       .headers = "Host, User-Agent, Accept-Encoding",
       .auth = Auth::kNone,
       .body = Body::kNone,
       .redirects = "301 /api/v1/ip",
       .status = 200,
       .content_type = "application/json",
       .reads = {{"body", "ip"}},
       .source = "issue 14; components.md 3.2, 3.8; api.md 1, 5 GET /ip"},
      // Heartbeat at start and every heartbeatfreq (components.md 3.9):
      // POST <api>/heartbeat, JSON with camelCase keys, no authentication
      // (protocol.md 6.1); ours needs [agents] acceptsharedaccount for an
      // agent without credentials (docs/api.md). The agent only logs a
      // non-200; the platform needs 200 and the row (protocol.md 6.1).
      {.id = "agent.heartbeat",
       .program = "mig-agent",
       .method = "POST",
       .uri = "/api/v1/heartbeat",
       .headers = "Host, User-Agent, Content-Length, Content-Type, Accept-Encoding",
       .auth = Auth::kNone,
       .body = Body::kJson,
       .redirects = "",
       .status = 200,
       .content_type = "application/json",
       .reads = {{"/error", "=null"}},
       .source = "components.md 3.9; protocol.md 6.1; api.md 5 POST /heartbeat"},

      // --- mig (command line): count the targets, post, follow, fetch the
      // results (api.md 7; components.md 9). Every request carries a fresh
      // X-PGPAUTHORIZATION (api.md 2.1) and "User-Agent: MIG Client
      // <program>-<version>" (api.md 7). The API URL ends in '/' (~/.migrc,
      // components.md 9) and resources are appended to it. Answers are
      // decoded into cljs.Resource, the value of the item named after the
      // type into MIG's struct (api.md 1.1, protocol.md 1).
      //
      // Counting: search?type=agent&limit=1000000&target=<url.QueryEscape>
      // (api.md 6.3 example: '=' and '\'' %-escaped, so a space is '+').
      {.id = "cli.count",
       .program = "mig",
       .method = "GET",
       .uri = "/api/v1/search?type=agent&limit=1000000&target={target}",
       .headers = "Host, User-Agent, X-Pgpauthorization, Accept-Encoding",
       .auth = Auth::kToken,
       .body = Body::kNone,
       .redirects = "",
       .status = 200,
       .content_type = "application/json",
       .reads = {{"data:agent", "mig.Agent"}, {"/collection/error", "={}"}},
       .source = "api.md 6.3, 7; components.md 9"},
      // The default target, and a ~/.migrc macro with spaces
      // (components.md 9 "onlineandidle").
      {.id = "cli.count.macro",
       .program = "mig",
       .method = "GET",
       .uri = "/api/v1/"
              "search?type=agent&limit=1000000&target=status%3D%27online%27+OR+status%3D%27idle%"
              "27",
       .headers = "Host, User-Agent, X-Pgpauthorization, Accept-Encoding",
       .auth = Auth::kToken,
       .body = Body::kNone,
       .redirects = "",
       .status = 200,
       .content_type = "application/json",
       .reads = {{"data:agent", "mig.Agent"}},
       .source = "api.md 6.3, 7; components.md 9 [targets] macro"},
      // mig -target-found <id> prepends the command sub-query (protocol.md 11).
      {.id = "cli.count.targetfound",
       .program = "mig",
       .method = "GET",
       .uri = "/api/v1/search?type=agent&limit=1000000&target={foundtarget}",
       .headers = "Host, User-Agent, X-Pgpauthorization, Accept-Encoding",
       .auth = Auth::kToken,
       .body = Body::kNone,
       .redirects = "",
       .status = 200,
       .content_type = "application/json",
       .reads = {{"data:agent", "mig.Agent"}},
       .source = "protocol.md 11 (mig -target-found); api.md 7"},
      // Posting: form field action=<the signed action JSON> (api.md 5
      // POST /action/create/); 202 and the stored action (id, status).
      {.id = "cli.create",
       .program = "mig",
       .method = "POST",
       .uri = "/api/v1/action/create/",
       .headers =
           "Host, User-Agent, Content-Length, Content-Type, X-Pgpauthorization, Accept-Encoding",
       .auth = Auth::kToken,
       .body = Body::kForm,
       .redirects = "",
       .status = 202,
       .content_type = "application/json",
       .reads = {{"/collection/items/0/data/0/name", "~^action ID [0-9]+$"},
                 {"/collection/items/0/data/0/value", "mig.Action"},
                 {"/collection/items/0/data/0/value/id", "float64"},
                 {"/collection/items/0/data/0/value/status", "=\"pending\""},
                 {"/collection/items/0/data/0/value/expireafter", "time.Time"}},
       .source = "api.md 5 POST /action/create/, 7; protocol.md 2"},
      // Following: action?actionid=<%.0f> every 2 s until the status leaves
      // pending/scheduled/preparing/inflight or done >= sent > 0 (api.md 7).
      {.id = "cli.follow",
       .program = "mig",
       .method = "GET",
       .uri = "/api/v1/action?actionid={actionid}",
       .headers = "Host, User-Agent, X-Pgpauthorization, Accept-Encoding",
       .auth = Auth::kToken,
       .body = Body::kNone,
       .redirects = "",
       .status = 200,
       .content_type = "application/json",
       .reads = {{"/collection/items/0/data/0/name", "=\"action\""},
                 {"data:action", "mig.Action"},
                 {"/collection/items/0/data/0/value/status", "string"},
                 {"/collection/items/0/data/0/value/counters", "mig.ActionCounters"}},
       .source = "api.md 5 GET /action, 7; protocol.md 2.3"},
      // A 401 is decoded too (error code a string of digits, api.md 1.1)
      // before the client signs another token and retries once (api.md 2.1).
      {.id = "cli.unauthorized",
       .program = "mig",
       .method = "GET",
       .uri = "/api/v1/action?actionid={actionid}",
       .headers = "Host, User-Agent, X-Pgpauthorization, Accept-Encoding",
       .auth = Auth::kToken,
       .body = Body::kNone,
       .redirects = "",
       .status = 401,
       .content_type = "application/json",
       .reads = {{"/collection/error", "cljs.Error"},
                 {"/collection/error/message",
                  "~^Authorization verification failed with error '.+'$"}},
       .source = "api.md 1.1, 2, 2.1"},
      // Results: pages of 37, parameters in this order, until a page is
      // 404 "no results found" (api.md 6.3, 7).
      {.id = "cli.results.found",
       .program = "mig",
       .method = "GET",
       .uri =
           "/api/v1/search?type=command&limit=37&offset=0&actionid={actionid}&foundanything=true",
       .headers = "Host, User-Agent, X-Pgpauthorization, Accept-Encoding",
       .auth = Auth::kToken,
       .body = Body::kNone,
       .redirects = "",
       .status = 200,
       .content_type = "application/json",
       .reads = {{"data:command", "mig.Command"}},
       .source = "api.md 6.3, 7"},
      {.id = "cli.results.nextpage",
       .program = "mig",
       .method = "GET",
       .uri =
           "/api/v1/search?type=command&limit=37&offset=37&actionid={actionid}&foundanything=true",
       .headers = "Host, User-Agent, X-Pgpauthorization, Accept-Encoding",
       .auth = Auth::kToken,
       .body = Body::kNone,
       .redirects = "",
       .status = 404,
       .content_type = "application/json",
       .reads = {{"/collection/error", "cljs.Error"},
                 {"/collection/error/message", "=\"no results found\""}},
       .source = "api.md 6.3, 7"},
      {.id = "cli.results.notfound",
       .program = "mig",
       .method = "GET",
       .uri =
           "/api/v1/search?type=command&limit=37&offset=0&actionid={actionid}&foundanything=false",
       .headers = "Host, User-Agent, X-Pgpauthorization, Accept-Encoding",
       .auth = Auth::kToken,
       .body = Body::kNone,
       .redirects = "",
       .status = 404,
       .content_type = "application/json",
       .reads = {{"/collection/error/message", "=\"no results found\""}},
       .source = "api.md 6.3, 7 (-show notfound)"},
      // Then one paged query per status cancelled, expired, failed, timeout
      // (api.md 7; the spec does not say where status goes: appended).
      {.id = "cli.results.status",
       .program = "mig",
       .method = "GET",
       .uri = "/api/v1/search?type=command&limit=37&offset=0&actionid={actionid}&status={status}",
       .headers = "Host, User-Agent, X-Pgpauthorization, Accept-Encoding",
       .auth = Auth::kToken,
       .body = Body::kNone,
       .redirects = "",
       .status = 404,
       .content_type = "application/json",
       .reads = {{"/collection/error/message", "=\"no results found\""}},
       .source = "api.md 7"},
      // useapikeyauth in ~/.migrc: X-MIGAPIKEY instead of a token (api.md 2.2).
      {.id = "cli.apikey",
       .program = "mig",
       .method = "GET",
       .uri = "/api/v1/dashboard",
       .headers = "Host, User-Agent, X-Migapikey, Accept-Encoding",
       .auth = Auth::kApiKey,
       .body = Body::kNone,
       .redirects = "",
       .status = 200,
       .content_type = "application/json",
       .reads = {{"/collection/error", "={}"}},
       .source = "api.md 2.2"},

      // --- mig-console (components.md 10): the dashboard at start, readers,
      // investigator administration; same client code as mig (api.md 7).
      {.id = "console.dashboard",
       .program = "mig-console",
       .method = "GET",
       .uri = "/api/v1/dashboard",
       .headers = "Host, User-Agent, X-Pgpauthorization, Accept-Encoding",
       .auth = Auth::kToken,
       .body = Body::kNone,
       .redirects = "",
       .status = 200,
       .content_type = "application/json",
       .reads = {{"data:action", "mig.Action"}},
       .source = "components.md 10; api.md 5 GET /dashboard"},
      // Refused (api.md 2.1: a fresh token per request; ours refuses a
      // token seen before): decoded, then signed again and retried once.
      {.id = "console.dashboard.unauthorized",
       .program = "mig-console",
       .method = "GET",
       .uri = "/api/v1/dashboard",
       .headers = "Host, User-Agent, X-Pgpauthorization, Accept-Encoding",
       .auth = Auth::kToken,
       .body = Body::kNone,
       .redirects = "",
       .status = 401,
       .content_type = "application/json",
       .reads = {{"/collection/error", "cljs.Error"},
                 {"/collection/error/message",
                  "~^Authorization verification failed with error '.+'$"}},
       .source = "api.md 1.1, 2, 2.1; protocol.md 1.1"},
      // create investigator: multipart name, publickey (file part
      // "<name>.asc"), permissions (JSON of api.md 3); 201 (api.md 5).
      {.id = "console.investigator.create",
       .program = "mig-console",
       .method = "POST",
       .uri = "/api/v1/investigator/create/",
       .headers =
           "Host, User-Agent, Content-Length, Content-Type, X-Pgpauthorization, Accept-Encoding",
       .auth = Auth::kToken,
       .body = Body::kMultipart,
       .redirects = "",
       .status = 201,
       .content_type = "application/json",
       .reads = {{"/collection/items/0/data/0/name", "~^Investigator ID [0-9]+$"},
                 {"/collection/items/0/data/0/value", "mig.Investigator"},
                 {"/collection/items/0/data/0/value/id", "float64"}},
       .source = "components.md 10 create investigator; api.md 3, 5 POST /investigator/create/"},
      {.id = "console.investigator",
       .program = "mig-console",
       .method = "GET",
       .uri = "/api/v1/investigator?investigatorid={investigatorid}",
       .headers = "Host, User-Agent, X-Pgpauthorization, Accept-Encoding",
       .auth = Auth::kToken,
       .body = Body::kNone,
       .redirects = "",
       .status = 200,
       .content_type = "application/json",
       .reads = {{"/collection/items/0/data/0/name", "=\"investigator\""},
                 {"data:investigator", "mig.Investigator"},
                 {"/collection/items/0/links/0/rel", "=\"investigator history\""},
                 {"/collection/items/0/links/0/href",
                  "=\"{base}/search?type=action&investigatorid={investigatorid}&limit=100\""}},
       .source = "components.md 10 investigator reader; api.md 5 GET /investigator"},
      // lastactions: the history link above.
      {.id = "console.investigator.lastactions",
       .program = "mig-console",
       .method = "GET",
       .uri = "/api/v1/search?type=action&investigatorid={investigatorid}&limit=100",
       .headers = "Host, User-Agent, X-Pgpauthorization, Accept-Encoding",
       .auth = Auth::kToken,
       .body = Body::kNone,
       .redirects = "",
       .status = 200,
       .content_type = "application/json",
       .reads = {{"data:action", "mig.Action"}},
       .source = "components.md 10 (lastactions); api.md 5 GET /investigator links"},
      // setstatus, setperms, apikey: form id + one field, url.Values.Encode
      // sorts the keys (api.md 5 POST /investigator/update/: 200).
      {.id = "console.investigator.setstatus",
       .program = "mig-console",
       .method = "POST",
       .uri = "/api/v1/investigator/update/",
       .headers =
           "Host, User-Agent, Content-Length, Content-Type, X-Pgpauthorization, Accept-Encoding",
       .auth = Auth::kToken,
       .body = Body::kForm,
       .redirects = "",
       .status = 200,
       .content_type = "application/json",
       .reads = {{"/collection/items/0/data/0/name", "~^Investigator ID [0-9]+$"},
                 {"/collection/items/0/data/0/value", "mig.Investigator"}},
       .source = "components.md 10 setstatus; api.md 5 POST /investigator/update/"},
      {.id = "console.investigator.setperms",
       .program = "mig-console",
       .method = "POST",
       .uri = "/api/v1/investigator/update/",
       .headers =
           "Host, User-Agent, Content-Length, Content-Type, X-Pgpauthorization, Accept-Encoding",
       .auth = Auth::kToken,
       .body = Body::kForm,
       .redirects = "",
       .status = 200,
       .content_type = "application/json",
       .reads = {{"/collection/items/0/data/0/value", "mig.Investigator"}},
       .source = "components.md 10 setperms; api.md 3, 5 POST /investigator/update/"},
      {.id = "console.investigator.apikey",
       .program = "mig-console",
       .method = "POST",
       .uri = "/api/v1/investigator/update/",
       .headers =
           "Host, User-Agent, Content-Length, Content-Type, X-Pgpauthorization, Accept-Encoding",
       .auth = Auth::kToken,
       .body = Body::kForm,
       .redirects = "",
       .status = 200,
       .content_type = "application/json",
       .reads = {{"/collection/items/0/data/0/value", "mig.Investigator"},
                 {"/collection/items/0/data/0/value/apikey", "~^[A-Za-z0-9]{32}$"}},
       .source = "components.md 10 apikey; api.md 2.2, 5 POST /investigator/update/"},
      {.id = "console.agent",
       .program = "mig-console",
       .method = "GET",
       .uri = "/api/v1/agent?agentid={agentid}",
       .headers = "Host, User-Agent, X-Pgpauthorization, Accept-Encoding",
       .auth = Auth::kToken,
       .body = Body::kNone,
       .redirects = "",
       .status = 200,
       .content_type = "application/json",
       .reads = {{"/collection/items/0/data/0/name", "=\"agent\""}, {"data:agent", "mig.Agent"}},
       .source = "components.md 10 agent reader; api.md 5 GET /agent"},
      {.id = "console.command",
       .program = "mig-console",
       .method = "GET",
       .uri = "/api/v1/command?commandid={commandid}",
       .headers = "Host, User-Agent, X-Pgpauthorization, Accept-Encoding",
       .auth = Auth::kToken,
       .body = Body::kNone,
       .redirects = "",
       .status = 200,
       .content_type = "application/json",
       .reads = {{"/collection/items/0/data/0/name", "=\"command\""},
                 {"data:command", "mig.Command"},
                 {"/collection/items/0/links/0/rel", "=\"action\""},
                 {"/collection/items/0/links/0/href", "=\"{base}/action?actionid={actionid}\""}},
       .source = "components.md 10 command reader; api.md 5 GET /command"},
      // search <type> where ...: the examples of api.md 6.3.
      {.id = "console.search.agent",
       .program = "mig-console",
       .method = "GET",
       .uri = "/api/v1/search?type=agent&after=2014-05-30T15:00:00-04:00&limit=200",
       .headers = "Host, User-Agent, X-Pgpauthorization, Accept-Encoding",
       .auth = Auth::kToken,
       .body = Body::kNone,
       .redirects = "",
       .status = 200,
       .content_type = "application/json",
       .reads = {{"data:agent", "mig.Agent"}},
       .source = "components.md 10 search; api.md 6.3 example"},
      {.id = "console.search.command",
       .program = "mig-console",
       .method = "GET",
       .uri = "/api/v1/search?type=command&investigatorname=%25bob%25&limit=10",
       .headers = "Host, User-Agent, X-Pgpauthorization, Accept-Encoding",
       .auth = Auth::kToken,
       .body = Body::kNone,
       .redirects = "",
       .status = 200,
       .content_type = "application/json",
       .reads = {{"data:command", "mig.Command"}},
       .source = "components.md 10 search; api.md 6.2, 6.3 example"},
  };
  return facts;
}

const Fact& FactById(const std::string& id) {
  for (const auto& f : Facts())
    if (f.id == id) return f;
  ADD_FAILURE() << "no fact " << id;
  static const Fact none{};
  return none;
}

// ===========================================================================
// Go's encoding/json, as far as MIG's programs depend on it: decoding an
// answer into MIG's structs fails on a value of the wrong JSON type (a
// number for a string, an array for a struct, a time that is not RFC 3339,
// a float for an int, bad base64 for []byte). Null is the zero value; keys
// match fields case-insensitively; unknown keys are ignored.
// ===========================================================================

struct GoType {
  enum Kind { kString, kFloat64, kInt, kUint16, kBool, kTime, kBytes, kAny, kStruct, kSlice, kMap };
  Kind kind;
  std::vector<std::pair<std::string, std::string>> fields;  // kStruct: json key, Go type
  std::string elem;                                         // kSlice, kMap: Go type of values
};

const GoType* GoTypeNamed(const std::string& name) {
  using K = GoType::Kind;
  static const std::map<std::string, GoType> types = {
      {"string", {K::kString, {}, ""}},
      {"float64", {K::kFloat64, {}, ""}},
      {"int", {K::kInt, {}, ""}},
      {"uint16", {K::kUint16, {}, ""}},
      {"bool", {K::kBool, {}, ""}},
      {"time.Time", {K::kTime, {}, ""}},
      {"[]byte", {K::kBytes, {}, ""}},
      {"interface {}", {K::kAny, {}, ""}},
      {"[]string", {K::kSlice, {}, "string"}},
      {"map[string]string", {K::kMap, {}, "string"}},
      {"[]mig.Operation", {K::kSlice, {}, "mig.Operation"}},
      {"[]mig.Investigator", {K::kSlice, {}, "mig.Investigator"}},
      {"[]modules.Result", {K::kSlice, {}, "modules.Result"}},
      // The Collection+JSON error (api.md 1.1): the code is a string.
      {"cljs.Error",
       {K::kStruct, {{"title", "string"}, {"code", "string"}, {"message", "string"}}, ""}},
      // protocol.md 2.1, 2.2, 2.3
      {"mig.Description",
       {K::kStruct,
        {{"author", "string"}, {"email", "string"}, {"url", "string"}, {"revision", "float64"}},
        ""}},
      {"mig.Threat",
       {K::kStruct,
        {{"ref", "string"}, {"level", "string"}, {"family", "string"}, {"type", "string"}},
        ""}},
      {"mig.Operation",
       {K::kStruct,
        {{"module", "string"},
         {"parameters", "interface {}"},
         {"is_compressed", "bool"},
         {"want_compressed", "bool"}},
        ""}},
      {"mig.ActionCounters",
       {K::kStruct,
        {{"sent", "int"},
         {"done", "int"},
         {"inflight", "int"},
         {"success", "int"},
         {"cancelled", "int"},
         {"expired", "int"},
         {"failed", "int"},
         {"timeout", "int"}},
        ""}},
      // api.md 3, 5 GET /investigator
      {"mig.InvestigatorPerms",
       {K::kStruct,
        {{"search", "bool"},
         {"action", "bool"},
         {"action_create", "bool"},
         {"command", "bool"},
         {"agent", "bool"},
         {"dashboard", "bool"},
         {"loader", "bool"},
         {"loader_status", "bool"},
         {"loader_expect", "bool"},
         {"loader_key", "bool"},
         {"loader_new", "bool"},
         {"manifest", "bool"},
         {"manifest_sign", "bool"},
         {"manifest_status", "bool"},
         {"manifest_new", "bool"},
         {"manifest_loaders", "bool"},
         {"investigator", "bool"},
         {"investigator_create", "bool"},
         {"investigator_update", "bool"}},
        ""}},
      {"mig.Investigator",
       {K::kStruct,
        {{"id", "float64"},
         {"name", "string"},
         {"pgpfingerprint", "string"},
         {"publickey", "[]byte"},
         {"privatekey", "[]byte"},
         {"status", "string"},
         {"createdat", "time.Time"},
         {"lastmodified", "time.Time"},
         {"apikey", "string"},
         {"permissions", "mig.InvestigatorPerms"}},
        ""}},
      {"mig.Action",
       {K::kStruct,
        {{"id", "float64"},
         {"name", "string"},
         {"target", "string"},
         {"description", "mig.Description"},
         {"threat", "mig.Threat"},
         {"validfrom", "time.Time"},
         {"expireafter", "time.Time"},
         {"operations", "[]mig.Operation"},
         {"pgpsignatures", "[]string"},
         {"investigators", "[]mig.Investigator"},
         {"status", "string"},
         {"starttime", "time.Time"},
         {"finishtime", "time.Time"},
         {"lastupdatetime", "time.Time"},
         {"counters", "mig.ActionCounters"},
         {"syntaxversion", "uint16"}},
        ""}},
      // protocol.md 6.2: the agent as the API returns it.
      {"mig.AgentEnvAWS",
       {K::kStruct,
        {{"instanceid", "string"},
         {"localipv4", "string"},
         {"amiid", "string"},
         {"instancetype", "string"}},
        ""}},
      {"mig.AgentEnv",
       {K::kStruct,
        {{"init", "string"},
         {"ident", "string"},
         {"os", "string"},
         {"arch", "string"},
         {"isproxied", "bool"},
         {"proxy", "string"},
         {"addresses", "[]string"},
         {"publicip", "string"},
         {"aws", "mig.AgentEnvAWS"},
         {"modules", "[]string"}},
        ""}},
      {"mig.Agent",
       {K::kStruct,
        {{"id", "float64"},
         {"name", "string"},
         {"queueloc", "string"},
         {"mode", "string"},
         {"version", "string"},
         {"pid", "int"},
         {"loadername", "string"},
         {"starttime", "time.Time"},
         {"destructiontime", "time.Time"},
         {"heartbeatts", "time.Time"},
         {"refreshts", "time.Time"},
         {"status", "string"},
         {"authorized", "bool"},
         {"environment", "mig.AgentEnv"},
         {"tags", "map[string]string"}},
        ""}},
      // protocol.md 5.1, 5.2
      {"modules.Result",
       {K::kStruct,
        {{"foundanything", "bool"},
         {"success", "bool"},
         {"elements", "interface {}"},
         {"statistics", "interface {}"},
         {"errors", "[]string"}},
        ""}},
      {"mig.Command",
       {K::kStruct,
        {{"id", "float64"},
         {"action", "mig.Action"},
         {"agent", "mig.Agent"},
         {"status", "string"},
         {"results", "[]modules.Result"},
         {"starttime", "time.Time"},
         {"finishtime", "time.Time"}},
        ""}},
  };
  auto it = types.find(name);
  return it == types.end() ? nullptr : &it->second;
}

std::string JsonKind(const json& v) {
  if (v.is_string()) return "string";
  if (v.is_number()) return "number";
  if (v.is_boolean()) return "bool";
  if (v.is_array()) return "array";
  if (v.is_object()) return "object";
  return "null";
}

bool IsGoTime(const std::string& s) {
  // time.Time.UnmarshalJSON: RFC 3339, fraction of any length, Z or +hh:mm.
  static const std::regex re(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$)");
  return std::regex_match(s, re);
}

bool IsStdBase64(const std::string& s) {
  static const std::regex re(R"(^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$)");
  return std::regex_match(s, re);
}

bool EqualFold(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// "" when Go's json.Unmarshal would decode v into t, else its complaint.
std::string GoDecodes(const json& v, const std::string& type, const std::string& path) {
  const GoType* tp = GoTypeNamed(type);
  if (!tp) return "unknown Go type " + type;
  const GoType& t = *tp;
  if (v.is_null()) return "";
  auto bad = [&](const std::string& why = "") {
    return "json: cannot unmarshal " + JsonKind(v) + " into Go value " + path + " of type " + type +
           (why.empty() ? "" : " (" + why + ")");
  };
  switch (t.kind) {
    case GoType::kAny:
      return "";
    case GoType::kString:
      return v.is_string() ? "" : bad();
    case GoType::kFloat64:
      return v.is_number() ? "" : bad();
    case GoType::kInt:
      return v.is_number_integer() ? "" : bad(v.is_number() ? v.dump() : "");
    case GoType::kUint16:
      return v.is_number_unsigned() && v.get<uint64_t>() <= 65535 ? "" : bad(v.dump());
    case GoType::kBool:
      return v.is_boolean() ? "" : bad();
    case GoType::kTime:
      if (!v.is_string()) return bad();
      return IsGoTime(v.get<std::string>()) ? "" : bad("not RFC 3339: " + v.dump());
    case GoType::kBytes:
      if (!v.is_string()) return bad();
      return IsStdBase64(v.get<std::string>()) ? "" : bad("illegal base64 data");
    case GoType::kSlice:
      if (!v.is_array()) return bad();
      for (size_t i = 0; i < v.size(); ++i) {
        auto e = GoDecodes(v[i], t.elem, path + "[" + std::to_string(i) + "]");
        if (!e.empty()) return e;
      }
      return "";
    case GoType::kMap:
      if (!v.is_object()) return bad();
      for (auto it = v.begin(); it != v.end(); ++it) {
        auto e = GoDecodes(it.value(), t.elem, path + "[" + it.key() + "]");
        if (!e.empty()) return e;
      }
      return "";
    case GoType::kStruct:
      if (!v.is_object()) return bad();
      for (auto it = v.begin(); it != v.end(); ++it) {
        const std::string* ft = nullptr;
        for (const auto& [k, f] : t.fields)
          if (k == it.key()) ft = &f;
        for (const auto& [k, f] : t.fields)
          if (!ft && EqualFold(k, it.key())) ft = &f;
        if (!ft) continue;  // unknown keys are ignored
        auto e = GoDecodes(it.value(), *ft, path + "." + it.key());
        if (!e.empty()) return e;
      }
      return "";
  }
  return "";
}

std::string GoDecodes(const json& v, const std::string& type) {
  return GoDecodes(v, type, type);
}

// ===========================================================================
// Go's net/http client on the wire
// ===========================================================================

std::string GoCanonicalHeaderKey(const std::string& k) {
  std::string out = k;
  bool upper = true;
  for (char& c : out) {
    c = upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c)))
              : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    upper = c == '-';
  }
  return out;
}

// url.QueryEscape
std::string GoQueryEscape(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

struct Field {
  Field(std::string n, std::string v, std::string f = "")
      : name(std::move(n)), value(std::move(v)), filename(std::move(f)) {}
  std::string name, value, filename;  // filename: a file part (multipart)
};

// url.Values.Encode(): keys sorted, each value QueryEscape'd.
std::string GoValuesEncode(std::vector<Field> fields) {
  std::stable_sort(fields.begin(), fields.end(),
                   [](const Field& a, const Field& b) { return a.name < b.name; });
  std::string out;
  for (const auto& f : fields)
    out += (out.empty() ? "" : "&") + GoQueryEscape(f.name) + "=" + GoQueryEscape(f.value);
  return out;
}

// mime/multipart.Writer: WriteField / CreateFormFile, then Close.
std::string GoMultipart(const std::vector<Field>& parts, const std::string& boundary) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    out += (i ? "\r\n--" : "--") + boundary + "\r\n";
    out += "Content-Disposition: form-data; name=\"" + parts[i].name + "\"";
    if (!parts[i].filename.empty()) {
      out += "; filename=\"" + parts[i].filename + "\"\r\nContent-Type: application/octet-stream";
    }
    out += "\r\n\r\n" + parts[i].value;
  }
  return out + "\r\n--" + boundary + "--\r\n";
}

struct WireResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string Header(const std::string& name) const {
    for (const auto& [k, v] : headers)
      if (EqualFold(k, name)) return v;
    return "";
  }
  int HeaderCount(const std::string& name) const {
    int n = 0;
    for (const auto& [k, v] : headers)
      n += EqualFold(k, name);
    return n;
  }
};

struct Hop {
  std::string method, uri;
  int status = 0;
  std::string location;
};

struct GoResult {
  std::string error;  // transport failure, as Go's client would return it
  WireResponse res;
  std::vector<Hop> hops;          // every request sent, redirects included
  std::vector<std::string> sent;  // the bytes of each request
};

// One kept-alive connection, as Go's Transport keeps one per host.
class GoTransport {
 public:
  explicit GoTransport(int port) : port_(port) {}
  ~GoTransport() { Close(); }
  GoTransport(const GoTransport&) = delete;
  GoTransport& operator=(const GoTransport&) = delete;

  bool RoundTrip(const std::string& request, WireResponse* res, std::string* err) {
    const bool reused = fd_ >= 0;
    if (!reused && !Connect(err)) return false;
    bool got_any = false;
    if (SendAll(request) && Read(res, &got_any, err)) return Finish(res);
    // A kept-alive connection the server closed meanwhile: Go retries an
    // idempotent request on a new one.
    if (!reused || got_any) return false;
    Close();
    if (!Connect(err) || !SendAll(request) || !Read(res, &got_any, err)) return false;
    return Finish(res);
  }

 private:
  bool Finish(WireResponse* res) {
    if (EqualFold(res->Header("Connection"), "close")) Close();
    return true;
  }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    buf_.clear();
  }
  bool Connect(std::string* err) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    timeval tv{30, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port_));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
      *err = std::string("dial tcp: ") + std::strerror(errno);
      Close();
      return false;
    }
    return true;
  }
  bool SendAll(const std::string& s) {
    size_t off = 0;
    while (off < s.size()) {
      const ssize_t n = ::send(fd_, s.data() + off, s.size() - off, MSG_NOSIGNAL);
      if (n <= 0) return false;
      off += static_cast<size_t>(n);
    }
    return true;
  }
  // Reads more into buf_; false at EOF or error.
  bool Fill(bool* got_any) {
    char tmp[16384];
    const ssize_t n = ::recv(fd_, tmp, sizeof tmp, 0);
    if (n <= 0) return false;
    *got_any = true;
    buf_.append(tmp, static_cast<size_t>(n));
    return true;
  }
  bool Read(WireResponse* res, bool* got_any, std::string* err) {
    *res = WireResponse{};
    size_t end;
    while ((end = buf_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill(got_any)) {
        *err = "malformed HTTP response: connection closed before the head ended";
        return false;
      }
    }
    const std::string head = buf_.substr(0, end);
    buf_.erase(0, end + 4);
    size_t line_end = head.find("\r\n");
    const std::string status_line = head.substr(0, line_end);
    static const std::regex status_re(R"(^HTTP/1\.[01] (\d{3})( .*)?$)");
    std::smatch m;
    if (!std::regex_match(status_line, m, status_re)) {
      *err = "malformed HTTP status line: " + status_line;
      return false;
    }
    res->status = std::stoi(m[1]);
    while (line_end != std::string::npos) {
      const size_t next = head.find("\r\n", line_end + 2);
      const std::string line = head.substr(line_end + 2, next - line_end - 2);
      line_end = next;
      const size_t colon = line.find(':');
      if (colon == std::string::npos || colon == 0) {
        *err = "malformed MIME header line: " + line;
        return false;
      }
      std::string value = line.substr(colon + 1);
      value.erase(0, value.find_first_not_of(" \t"));
      value.erase(value.find_last_not_of(" \t") + 1);
      res->headers.emplace_back(line.substr(0, colon), value);
    }
    const std::string te = res->Header("Transfer-Encoding");
    const std::string cl = res->Header("Content-Length");
    if (res->status == 204 || res->status == 304 || res->status < 200) return true;
    if (!te.empty() && !cl.empty()) {
      *err = "both Transfer-Encoding and Content-Length";
      return false;
    }
    if (res->HeaderCount("Content-Length") > 1) {
      *err = "http: message cannot contain multiple Content-Length headers";
      return false;
    }
    if (EqualFold(te, "chunked")) {
      for (;;) {
        size_t eol;
        while ((eol = buf_.find("\r\n")) == std::string::npos)
          if (!Fill(got_any)) return *err = "unexpected EOF in chunk size", false;
        const size_t size = std::stoul(buf_.substr(0, eol), nullptr, 16);
        buf_.erase(0, eol + 2);
        while (buf_.size() < size + 2)
          if (!Fill(got_any)) return *err = "unexpected EOF in chunk", false;
        res->body += buf_.substr(0, size);
        buf_.erase(0, size + 2);
        if (size == 0) return true;
      }
    }
    if (!cl.empty()) {
      if (cl.find_first_not_of("0123456789") != std::string::npos) {
        *err = "bad Content-Length " + cl;
        return false;
      }
      const size_t n = std::stoul(cl);
      while (buf_.size() < n)
        if (!Fill(got_any)) return *err = "unexpected EOF", false;
      res->body = buf_.substr(0, n);
      buf_.erase(0, n);
      return true;
    }
    while (Fill(got_any)) {
    }
    res->body = buf_;
    Close();
    return true;
  }

  int port_;
  int fd_ = -1;
  std::string buf_;
};

struct GoRequest {
  std::string method, uri;
  std::vector<std::pair<std::string, std::string>> header;  // as the program sets them
  std::string body;
};

class GoClient {
 public:
  GoClient(int port, std::string host) : transport_(port), host_(std::move(host)) {}

  // Request.Write: line, Host, User-Agent, Content-Length, the rest sorted
  // by canonical name, then the Transport's Accept-Encoding.
  std::string Serialize(const GoRequest& r) const {
    std::string ua = "Go-http-client/1.1";
    std::map<std::string, std::string> rest;
    for (const auto& [k, v] : r.header) {
      const std::string ck = GoCanonicalHeaderKey(k);
      if (ck == "User-Agent") {
        ua = v;
      } else {
        rest[ck] = v;
      }
    }
    std::string out = r.method + " " + r.uri + " HTTP/1.1\r\nHost: " + host_ + "\r\n";
    out += "User-Agent: " + ua + "\r\n";
    if (!r.body.empty() || r.method == "POST")
      out += "Content-Length: " + std::to_string(r.body.size()) + "\r\n";
    for (const auto& [k, v] : rest)
      out += k + ": " + v + "\r\n";
    out += "Accept-Encoding: gzip\r\n\r\n";
    return out + r.body;
  }

  // http.Client.Do with its redirect policy.
  GoResult Do(GoRequest req) {
    GoResult out;
    for (int n = 0;; ++n) {
      const std::string bytes = Serialize(req);
      out.sent.push_back(bytes);
      if (!transport_.RoundTrip(bytes, &out.res, &out.error)) return out;
      Hop hop{req.method, req.uri, out.res.status, out.res.Header("Location")};
      out.hops.push_back(hop);
      const int s = out.res.status;
      if (s != 301 && s != 302 && s != 303 && s != 307 && s != 308) return out;
      if (hop.location.empty()) return out;  // Go returns the 3xx as is
      if (n == 9) {
        out.error = "stopped after 10 redirects";
        return out;
      }
      const std::string prev = "http://" + host_ + req.uri;
      std::string next = hop.location;
      const std::string origin = "http://" + host_;
      if (next.rfind("http://", 0) == 0 || next.rfind("https://", 0) == 0) {
        if (next.rfind(origin + "/", 0) != 0) {
          out.error = "redirect to another origin: " + next;
          return out;
        }
        next = next.substr(origin.size());
      } else if (next.empty() || next[0] != '/') {
        next = req.uri.substr(0, req.uri.rfind('/', req.uri.find('?')) + 1) + next;
      }
      const bool keep = s == 307 || s == 308;
      if (!keep && req.method != "GET" && req.method != "HEAD") {
        req.method = "GET";
        req.body.clear();
      }
      req.uri = next;
      bool has_referer = false;
      for (auto& [k, v] : req.header)
        if (EqualFold(k, "Referer")) v = prev, has_referer = true;
      if (!has_referer) req.header.emplace_back("Referer", prev);
    }
  }

 private:
  GoTransport transport_;
  std::string host_;
};

// "Host, User-Agent, ..." of a request as sent.
std::string HeaderNames(const std::string& request) {
  std::string out;
  size_t at = request.find("\r\n");
  for (size_t next; (next = request.find("\r\n", at + 2)) != at + 2; at = next)
    out += (out.empty() ? "" : ", ") + request.substr(at + 2, request.find(':', at) - at - 2);
  return out;
}

// A MIG program: its user agent, its signer, its ID generator.
struct MigProgram {
  std::string name;
  std::string user_agent;  // "" : Go's default
  const std::string* secret = nullptr;
  std::string api_key;
  // protocol.md 1.1: whole seconds since 1367258400 plus one, shifted left
  // by 16 at first use, then +1 per ID. Two programs started in the same
  // second produce the same IDs.
  int64_t start_unix = 0;
  int64_t last_id = 0;

  int64_t NextId() {
    last_id = last_id ? last_id + 1 : ((start_unix - 1367258400) + 1) << 16;
    return last_id;
  }
  // api.md 2.1: "1;<UTC time, seconds>;<nonce: a fresh MIG ID>;<signature>".
  std::string Token(Time at) {
    const std::string nonce = std::to_string(NextId());
    const Time t = Time::FromUnix(at.Unix());
    auto sig = pgp::SignWithKeyFile(api::TokenSignedData(t, nonce), *secret);
    EXPECT_TRUE(sig.ok()) << sig.error();
    return api::TokenHeader(t, nonce, sig.ok() ? sig->one_line : "");
  }
};

// Go's time.Time.MarshalJSON (RFC 3339 with nanoseconds, zeros trimmed) in
// a fixed zone, as MIG's programs write local times.
std::string GoTimeJson(Time t, int offset_minutes = 0) {
  const int64_t local = t.Unix() + offset_minutes * 60;
  const time_t tt = static_cast<time_t>(local);
  tm parts{};
  gmtime_r(&tt, &parts);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &parts);
  std::string out = buf;
  if (t.nanos) {
    char frac[16];
    std::snprintf(frac, sizeof frac, ".%09d", t.nanos);
    std::string f = frac;
    f.erase(f.find_last_not_of('0') + 1);
    out += f;
  }
  if (offset_minutes == 0) return out + "Z";
  const int m = std::abs(offset_minutes);
  char zone[16];  // room for any int, as the compiler checks
  std::snprintf(zone, sizeof zone, "%c%02d:%02d", offset_minutes < 0 ? '-' : '+', m / 60, m % 60);
  return out + zone;
}

// mig.InvestigatorPerms as json.Marshal writes it: every key, Go's order
// (api.md 3).
std::string GoPermsJson(const std::set<std::string>& granted) {
  std::string out;
  for (const char* k :
       {"search", "action", "action_create", "command", "agent", "dashboard", "loader",
        "loader_status", "loader_expect", "loader_key", "loader_new", "manifest", "manifest_sign",
        "manifest_status", "manifest_new", "manifest_loaders", "investigator",
        "investigator_create", "investigator_update"})
    out += std::string(out.empty() ? "{" : ",") + "\"" + k +
           "\":" + (granted.count(k) ? "true" : "false");
  return out + "}";
}

// ===========================================================================
// The suite
// ===========================================================================

using Vars = std::map<std::string, std::string>;

std::string Fill(std::string s, const Vars& vars) {
  for (const auto& [k, v] : vars) {
    const std::string key = "{" + k + "}";
    for (size_t at; (at = s.find(key)) != std::string::npos;)
      s.replace(at, key.size(), v);
  }
  return s;
}

constexpr char kHost[] = "gator1.example.net";
constexpr char kQueueLoc[] = "linux.4bvmnn1t2m9e3hnd2rsn2wbelpcl9ynjbsnd5pyu0ttzd7hu0fm0";

class MigExchanges : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    h_ = std::make_unique<ApiHarness>(GetParam());
    ASSERT_TRUE(h_->ok()) << h_->error();
    const auto& k = TestKeys::Get();
    // MIG signs with RSA (protocol.md 3.4): Bob, bootstrapped as
    // `mig-api --init-investigator` does, with its default permissions.
    auto bob = api::CreateInvestigator(h_->db(), "Bob Kelso", k.bob_pub,
                                       api::kPermSetDefault | api::kPermSetAdmin);
    ASSERT_TRUE(bob.ok()) << bob.error();
    bob_ = *bob;
    const std::string host = h_->config().host.substr(h_->config().host.find("://") + 3);
    agent_http_ = std::make_unique<GoClient>(h_->port(), host);
    mig_http_ = std::make_unique<GoClient>(h_->port(), host);
    console_http_ = std::make_unique<GoClient>(h_->port(), host);
    const int64_t now = Time::Now().Unix();
    agent_ = MigProgram{"mig-agent", "", nullptr, "", now - 600};
    mig_ = MigProgram{"mig", "MIG Client mig-20190101-0.abcdef0.prod", &k.bob_sec, "", now};
    console_ = MigProgram{"mig-console", "MIG Client mig-console-20190101-0.abcdef0.prod",
                          &k.bob_sec, "", now - 3};
    vars_["base"] = h_->config().host + "/api/v1";
  }

  GoClient& HttpOf(const MigProgram& p) {
    if (&p == &agent_) return *agent_http_;
    if (&p == &console_) return *console_http_;
    return *mig_http_;
  }

  // Sends fact `id` as program p does and checks the answer against the
  // fact. The body fields are encoded as the fact says.
  GoRequest Build(const Fact& f, MigProgram& p, const std::vector<Field>& body,
                  const std::string& token) {
    GoRequest r{f.method, Fill(f.uri, vars_), {}, ""};
    if (!p.user_agent.empty()) r.header.emplace_back("User-Agent", p.user_agent);
    if (f.auth == Auth::kToken)
      r.header.emplace_back("X-PGPAUTHORIZATION", token.empty() ? p.Token(Time::Now()) : token);
    if (f.auth == Auth::kApiKey) r.header.emplace_back("X-MIGAPIKEY", p.api_key);
    switch (f.body) {
      case Body::kNone:
        break;
      case Body::kJson:
        r.header.emplace_back("Content-Type", "application/json");
        r.body = body.at(0).value;
        break;
      case Body::kForm:
        r.header.emplace_back("Content-Type", "application/x-www-form-urlencoded");
        r.body = GoValuesEncode(body);
        break;
      case Body::kMultipart: {
        // multipart.Writer's boundary: 30 random bytes in hex.
        const std::string boundary = "4c6f7265b2d8ac0e3a9d1f5b7e2c4a6f8091d3e5f7a9bbcdde0f1a2b3c4d";
        r.header.emplace_back("Content-Type", "multipart/form-data; boundary=" + boundary);
        r.body = GoMultipart(body, boundary);
        break;
      }
    }
    return r;
  }

  // Sends fact `id` as program p does and checks the answer against the
  // fact. The body fields are encoded as the fact says.
  GoResult Send(const std::string& id, MigProgram& p, const std::vector<Field>& body = {},
                const std::string& token = "") {
    const Fact& f = FactById(id);
    SCOPED_TRACE("fact " + f.id + " (" + f.source + ")");
    EXPECT_EQ(f.program, p.name) << "the fact belongs to another program";
    used_.insert(f.id);
    GoResult out = HttpOf(p).Do(Build(f, p, body, token));
    EXPECT_EQ(HeaderNames(out.sent.at(0)), f.headers) << out.sent.at(0);
    Check(f, out);
    if (mutate_) ExpectMutantsFail(f, p, body, out);
    return out;
  }

  // Number of failures `check` reports, kept out of the test's result.
  template <typename F>
  static size_t Failures(F check) {
    ::testing::TestPartResultArray results;
    {
      ::testing::ScopedFakeTestPartResultReporter catcher(
          ::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &results);
      check();
    }
    return static_cast<size_t>(results.size());
  }

  // Each check of a fact can fail: on the same answer, a read with its path
  // altered (the raw body: its expectation) fails; the request sent with its
  // path's trailing slash toggled (paths are exact, api.md 1) fails.
  void ExpectMutantsFail(const Fact& f, MigProgram& p, const std::vector<Field>& body,
                         const GoResult& out) {
    for (size_t i = 0; i < f.reads.size(); ++i) {
      Fact m = f;
      Read& rd = m.reads[i];
      if (rd.where == "body") {
        rd.expect = "=\"mutant\"";
      } else if (rd.where.rfind("data:", 0) == 0) {
        rd.where += "s";
      } else {
        rd.where.back() = rd.where.back() == 'x' ? 'y' : 'x';
      }
      EXPECT_GT(Failures([&] { Check(m, out); }), 0u)
          << f.id << ": a read of " << rd.where << " " << rd.expect << " passes";
    }
    Fact m = f;
    const size_t q = m.uri.find('?');
    const size_t end = q == std::string::npos ? m.uri.size() : q;
    if (m.uri[end - 1] == '/') {
      m.uri.erase(end - 1, 1);
    } else {
      m.uri.insert(end, "/");
    }
    const GoResult mutant = HttpOf(p).Do(Build(m, p, body, ""));
    EXPECT_GT(Failures([&] { Check(f, mutant); }), 0u)
        << f.id << ": " << m.method << " " << m.uri << " passes as " << f.uri;
  }

  void Check(const Fact& f, const GoResult& out) {
    ASSERT_EQ(out.error, "") << "Go's client fails: " << out.error;
    // The hops: none, or exactly the redirect the fact names (a POST
    // redirected with 301/302/303 would come back as a GET: its body lost).
    std::string hops;
    for (size_t i = 0; i + 1 < out.hops.size(); ++i)
      hops += (hops.empty() ? "" : ", ") + std::to_string(out.hops[i].status) + " " +
              out.hops[i + 1].uri;
    EXPECT_EQ(hops, f.redirects) << "redirects followed";
    EXPECT_EQ(out.hops.back().method, f.method)
        << "the answer came to a " << out.hops.back().method;
    EXPECT_EQ(out.res.status, f.status) << out.res.body;
    EXPECT_EQ(out.res.Header("Content-Type"), f.content_type);
    EXPECT_EQ(out.res.Header("Content-Encoding"), "");
    json doc = json::parse(out.res.body, nullptr, false);
    if (f.content_type == "application/json" && f.reads.size() && f.reads.front().where != "body") {
      ASSERT_FALSE(doc.is_discarded()) << "not JSON: " << out.res.body;
    }
    if (doc.is_object() && doc.contains("collection")) {
      // Every answer in Collection+JSON decodes into cljs.Resource.
      EXPECT_EQ(GoDecodes(doc["collection"]["error"], "cljs.Error"), "");
      EXPECT_TRUE(doc["collection"]["template"].is_object());
    }
    for (const auto& rd : f.reads) {
      SCOPED_TRACE("read " + rd.where + " " + rd.expect);
      const std::string expect = Fill(rd.expect, vars_);
      std::vector<json> values;
      if (rd.where == "body") {
        values.push_back(out.res.body);
      } else if (rd.where.rfind("data:", 0) == 0) {
        const std::string name = rd.where.substr(5);
        if (doc.is_object() && doc["collection"].contains("items"))
          for (const auto& item : doc["collection"]["items"])
            for (const auto& d : item.value("data", json::array()))
              if (d.value("name", "") == name) values.push_back(d.value("value", json()));
        ASSERT_FALSE(values.empty()) << "no item data named '" << name << "': " << out.res.body;
      } else {
        const json::json_pointer ptr(rd.where);
        ASSERT_TRUE(doc.contains(ptr)) << "missing " << rd.where << " in " << out.res.body;
        values.push_back(doc[ptr]);
      }
      for (const auto& v : values) {
        if (expect[0] == '=') {
          EXPECT_EQ(v, json::parse(expect.substr(1)));
        } else if (expect[0] == '~') {
          ASSERT_TRUE(v.is_string()) << v.dump();
          EXPECT_TRUE(std::regex_search(v.get<std::string>(), std::regex(expect.substr(1))))
              << v.dump();
        } else if (expect == "ip") {
          in_addr a4{};
          in6_addr a6{};
          const std::string s = v.get<std::string>();
          EXPECT_TRUE(inet_pton(AF_INET, s.c_str(), &a4) == 1 ||
                      inet_pton(AF_INET6, s.c_str(), &a6) == 1)
              << "net.ParseIP(" << json(s).dump() << ") is nil";
        } else {
          EXPECT_EQ(GoDecodes(v, expect), "") << v.dump();
        }
      }
    }
  }

  static json Value(const GoResult& r, int item = 0) {
    auto doc = json::parse(r.res.body, nullptr, false);
    if (doc.is_discarded()) return json();
    return doc["collection"]["items"][item]["data"][0]["value"];
  }

  // protocol.md 6.1: the agent's heartbeat, camelCase, startTime = now in
  // the host's zone (here UTC-5).
  std::string HeartbeatJson(const std::string& public_ip, Time started) {
    return std::string(R"({"name":")") + kHost +
           R"(","mode":"daemon","version":"20190101-0.abcdef0.prod","pid":2993,"queueLoc":")" +
           kQueueLoc + R"(","startTime":")" + GoTimeJson(Time::Now(), -300) +
           R"(","refreshTime":")" + GoTimeJson(started, -300) +
           R"(","environment":{"init":"systemd","ident":"Ubuntu 16.04 xenial","os":"linux",)"
           R"("arch":"amd64","isProxied":false,"proxy":"","addresses":["10.0.0.5/24","fe80::1/64"],)"
           R"("publicIP":")" +
           public_ip +
           R"(","modules":["file","netstat","ping","agentdestroy"]},"tags":[{"name":"operator","value":"IT"}]})";
  }

  // The action as MIG's client marshals mig.Action (protocol.md 2.1: Go's
  // key order, zero times, counters {}, HTML-escaped '&'), signed by Bob.
  std::string ActionJson(const std::string& target) {
    const Time now = Time::Now();
    auto text = [&](const std::string& sigs) {
      return R"({"id":0,"name":"file -path /etc -name ^passwd$","target":)" + json(target).dump() +
             R"(,"description":{"author":"Bob Kelso","email":"bob@example.net","url":"https://wiki.example.net/mig?a=1\u0026b=2"},)"
             R"("threat":{"family":"test"},"validfrom":")" +
             GoTimeJson(Time::FromUnix(now.Unix() - 60, now.nanos)) + R"(","expireafter":")" +
             GoTimeJson(Time::FromUnix(now.Unix() + 300, now.nanos)) +
             R"(","operations":[{"module":"file","parameters":{"searches":{"s1":{"names":["^passwd$"],"paths":["/etc"]}}}}],)"
             R"("pgpsignatures":)" +
             sigs +
             R"(,"starttime":"0001-01-01T00:00:00Z","finishtime":"0001-01-01T00:00:00Z",)"
             R"("lastupdatetime":"0001-01-01T00:00:00Z","counters":{},"syntaxversion":2})";
    };
    auto unsigned_action = ParseAction(text("null"));
    EXPECT_TRUE(unsigned_action.ok()) << unsigned_action.error();
    if (!unsigned_action.ok()) return "";
    return text("[" + json(ApiHarness::Sign(*unsigned_action, TestKeys::Get().bob_sec)).dump() +
                "]");
  }

  // What the scheduler and the agent would do: one command, answered
  // success with something found (protocol.md 5).
  Id RunCommand(Id action_id) {
    auto agents = h_->db().SearchAgents(store::AgentQuery{});
    EXPECT_TRUE(agents.ok() && agents->size() == 1u);
    auto stored = h_->db().GetAction(action_id);
    EXPECT_TRUE(stored.ok() && *stored);
    if (!agents.ok() || agents->empty() || !stored.ok() || !*stored) return 0;
    std::vector<Command> cmds(1);
    cmds[0].action = **stored;
    cmds[0].agent = agents->front();
    cmds[0].status = "sent";
    cmds[0].results.resize(1);
    cmds[0].start_time = Time::Now();
    EXPECT_TRUE(h_->db().InsertCommands(cmds).ok());
    store::CommandReturn ret;
    ret.command_id = cmds[0].id;
    ret.status = "success";
    ret.results.resize(1);
    ret.results[0].found_anything = true;
    ret.results[0].success = true;
    ret.results[0].elements = Json::parse(R"({"s1":[{"file":"/etc/passwd"}]})");
    ret.agent_queue_loc = agents->front().queue_loc;
    ret.agent_pid = agents->front().pid;
    ret.finish_time = Time::Now();
    auto outcome = h_->db().UpdateCommandResults({ret});
    EXPECT_TRUE(outcome.ok()) << outcome.error();
    return cmds[0].id;
  }

  std::unique_ptr<ApiHarness> h_;
  Id bob_ = 0;
  std::unique_ptr<GoClient> agent_http_, mig_http_, console_http_;
  MigProgram agent_, mig_, console_;
  Vars vars_;
  std::set<std::string> used_;
  bool mutate_ = false;  // also prove that each exchange can fail
};

// A whole session in the order MIG's programs run it: the agent starts and
// heartbeats, mig investigates, mig-console reads and administers.
TEST_P(MigExchanges, RecordedSession) {
  mutate_ = true;
  // --- mig-agent starts.
  auto ip = Send("agent.ip", agent_);
  ASSERT_EQ(ip.res.status, 200);
  // Go copies the headers to the redirected GET and adds a Referer.
  ASSERT_EQ(ip.sent.size(), 2u);
  EXPECT_NE(ip.sent[1].find("GET /api/v1/ip HTTP/1.1\r\n"), std::string::npos) << ip.sent[1];
  EXPECT_NE(ip.sent[1].find("\r\nReferer: " + h_->config().host + "/api/v1//ip\r\n"),
            std::string::npos)
      << ip.sent[1];
  const Time started = Time::Now();
  Send("agent.heartbeat", agent_, {{"", HeartbeatJson(ip.res.body, started)}});
  // The next heartbeat, heartbeatfreq later: same row (protocol.md 6.1).
  Send("agent.heartbeat", agent_, {{"", HeartbeatJson(ip.res.body, started)}});
  auto agents = h_->db().SearchAgents(store::AgentQuery{});
  ASSERT_TRUE(agents.ok()) << agents.error();
  ASSERT_EQ(agents->size(), 1u);
  EXPECT_EQ(agents->front().queue_loc, kQueueLoc);
  EXPECT_EQ(agents->front().environment.public_ip, "127.0.0.1");
  vars_["agentid"] = std::to_string(agents->front().id);

  // --- mig file -path /etc -name ^passwd$ (default target status='online').
  vars_["target"] = GoQueryEscape("status='online'");
  ASSERT_EQ(vars_["target"], "status%3D%27online%27");  // as api.md 6.3 shows it
  auto count = Send("cli.count", mig_);
  auto counted = json::parse(count.res.body, nullptr, false);
  ASSERT_FALSE(counted.is_discarded());
  ASSERT_GE(counted["collection"]["items"].size(), 1u);
  EXPECT_EQ(counted["collection"]["items"][0]["data"][0]["value"]["name"], kHost);
  Send("cli.count.macro", mig_);

  auto created = Send("cli.create", mig_, {{"action", ActionJson("status='online'")}});
  ASSERT_EQ(created.res.status, 202) << created.res.body;
  const json action = Value(created);
  const Id action_id = action["id"].get<Id>();
  vars_["actionid"] = std::to_string(action_id);
  EXPECT_EQ(json::parse(created.res.body)["collection"]["items"][0]["data"][0]["name"],
            "action ID " + vars_["actionid"]);
  EXPECT_EQ(json::parse(created.res.body)["collection"]["items"][0]["href"],
            vars_["base"] + "/action?actionid=" + vars_["actionid"]);

  // Following: nothing sent yet, the client keeps polling.
  auto follow = Send("cli.follow", mig_);
  EXPECT_EQ(Value(follow)["status"], "pending");
  EXPECT_EQ(Value(follow)["counters"], json::object());
  const Id command_id = RunCommand(action_id);
  ASSERT_GT(command_id, 0);
  vars_["commandid"] = std::to_string(command_id);
  // Now done >= sent > 0: the client stops following (api.md 7).
  follow = Send("cli.follow", mig_);
  const json counters = Value(follow)["counters"];
  ASSERT_TRUE(counters.contains("sent") && counters.contains("done")) << counters.dump();
  EXPECT_GT(counters["sent"].get<int>(), 0);
  EXPECT_GE(counters["done"].get<int>(), counters["sent"].get<int>());

  // The results, page by page.
  auto found = Send("cli.results.found", mig_);
  const json cmd = Value(found);
  EXPECT_EQ(cmd["id"], command_id);
  EXPECT_EQ(cmd["status"], "success");
  EXPECT_EQ(cmd["agent"]["name"], kHost);
  EXPECT_EQ(cmd["results"][0]["foundanything"], true);
  EXPECT_EQ(cmd["results"][0]["elements"]["s1"][0]["file"], "/etc/passwd");
  Send("cli.results.nextpage", mig_);
  Send("cli.results.notfound", mig_);
  for (const char* status : {"cancelled", "expired", "failed", "timeout"}) {
    vars_["status"] = status;
    Send("cli.results.status", mig_);
  }

  // mig -target-found <id> -t "status='online'".
  vars_["foundtarget"] = GoQueryEscape(
      "id IN (select agentid from commands, json_array_elements(commands.results) as r where "
      "actionid=" +
      vars_["actionid"] + " and r#>>'{foundanything}' = 'true') AND status='online'");
  auto targeted = Send("cli.count.targetfound", mig_);
  EXPECT_EQ(Value(targeted)["name"], kHost);

  // A 401 (here: the previous token once more) is decoded, then the client
  // signs a new token and retries once.
  const std::string token = mig_.Token(Time::Now());
  Send("cli.follow", mig_, {}, token);
  Send("cli.unauthorized", mig_, {}, token);
  Send("cli.follow", mig_);

  // --- mig-console: the dashboard at start (and once refused, as above).
  const std::string start_token = console_.Token(Time::Now());
  auto dash = Send("console.dashboard", console_, {}, start_token);
  Send("console.dashboard.unauthorized", console_, {}, start_token);
  EXPECT_EQ(Value(dash)["id"], action_id);

  // create investigator (a default-permissions investigator, Eve).
  const auto& k = TestKeys::Get();
  const std::string default_perms =
      GoPermsJson({"search", "action", "action_create", "command", "agent", "dashboard"});
  auto eve = Send("console.investigator.create", console_,
                  {{"name", "Eve", ""},
                   {"publickey", k.eve_pub, "Eve.asc"},
                   {"permissions", default_perms, ""}});
  ASSERT_EQ(eve.res.status, 201) << eve.res.body;
  const std::string eve_id = std::to_string(Value(eve)["id"].get<Id>());
  EXPECT_EQ(Value(eve)["pgpfingerprint"], k.eve_fpr);
  EXPECT_EQ(Value(eve)["permissions"], json::parse(default_perms));

  vars_["investigatorid"] = eve_id;
  auto reader = Send("console.investigator", console_);
  EXPECT_EQ(Value(reader)["name"], "Eve");
  EXPECT_EQ(Value(reader)["status"], "active");

  Send("console.investigator.setstatus", console_, {{"id", eve_id}, {"status", "disabled"}});
  reader = Send("console.investigator", console_);
  EXPECT_EQ(Value(reader)["status"], "disabled");
  Send("console.investigator.setstatus", console_, {{"id", eve_id}, {"status", "active"}});

  auto key = Send("console.investigator.apikey", console_, {{"id", eve_id}, {"apikey", "active"}});
  MigProgram eve_cli{"mig", "MIG Client mig-20190101-0.abcdef0.prod", nullptr,
                     Value(key).value("apikey", ""), Time::Now().Unix()};
  Send("cli.apikey", eve_cli);

  // setperms PermAdmin (the Default set is always included).
  const std::string admin_perms =
      GoPermsJson({"search", "action", "action_create", "command", "agent", "dashboard",
                   "investigator", "investigator_create", "investigator_update"});
  Send("console.investigator.setperms", console_, {{"id", eve_id}, {"permissions", admin_perms}});
  reader = Send("console.investigator", console_);
  EXPECT_EQ(Value(reader)["permissions"], json::parse(admin_perms));

  // Bob's own history: the actions he signed.
  vars_["investigatorid"] = std::to_string(bob_);
  Send("console.investigator", console_);
  auto last = Send("console.investigator.lastactions", console_);
  EXPECT_EQ(Value(last)["id"], action_id);

  auto agent = Send("console.agent", console_);
  EXPECT_EQ(Value(agent)["name"], kHost);
  EXPECT_EQ(Value(agent)["queueloc"], kQueueLoc);
  EXPECT_EQ(Value(agent)["environment"]["publicip"], "127.0.0.1");
  EXPECT_EQ(Value(agent)["tags"], (json{{"operator", "IT"}}));
  auto command = Send("console.command", console_);
  EXPECT_EQ(Value(command)["action"]["id"], action_id);
  Send("console.search.agent", console_);
  auto bobs = Send("console.search.command", console_);
  EXPECT_EQ(Value(bobs)["id"], command_id);

  // Every fact of the table was exchanged.
  for (const auto& f : Facts())
    EXPECT_TRUE(used_.count(f.id)) << "fact " << f.id << " was not exchanged";
}

// Two MIG programs started in the same second by the same investigator (two
// cron lines, two consoles) draw the same IDs, so their first tokens carry
// the same nonce and time (protocol.md 1.1, 12 "ID generator"; api.md 2.1).
// The second is refused as a replay; its client signs its next ID and
// retries once (api.md 2.1). The first program's next request, seconds
// later, carries that same next ID with a later time: not a replay, and
// must pass at once.
TEST_P(MigExchanges, ProgramsStartedInTheSameSecond) {
  auto created = Send("cli.create", mig_, {{"action", ActionJson("status='online'")}});
  ASSERT_EQ(created.res.status, 202) << created.res.body;
  MigProgram& a = console_;
  MigProgram b = console_;  // another mig-console, same second, same signer
  const Time t0 = Time::Now();
  const std::string a1 = a.Token(t0), b1 = b.Token(t0);
  ASSERT_EQ(a1.substr(0, a1.rfind(';')), b1.substr(0, b1.rfind(';')));
  Send("console.dashboard", a, {}, a1);
  Send("console.dashboard.unauthorized", b, {}, b1);  // b's retry:
  Send("console.dashboard", b, {}, b.Token(t0));
  // a's next command, typed five seconds later: its next ID, a later time.
  Send("console.dashboard", a, {}, a.Token(t0.AddSeconds(5)));
}

// The checker itself: each Go type rejects what encoding/json rejects, so a
// read can fail.
TEST(MigExchangesChecker, GoDecodesRejectsWhatGoRejects) {
  EXPECT_EQ(GoDecodes(json::parse(R"({"code":"123","message":"x"})"), "cljs.Error"), "");
  EXPECT_NE(GoDecodes(json::parse(R"({"code":123,"message":"x"})"), "cljs.Error"), "");
  EXPECT_NE(GoDecodes(json::parse(R"({"tags":[{"name":"a","value":"b"}]})"), "mig.Agent"), "");
  EXPECT_NE(GoDecodes(json::parse(R"({"tags":{"a":1}})"), "mig.Agent"), "");
  EXPECT_EQ(GoDecodes(json::parse(R"({"Tags":{"a":"b"},"extra":[1]})"), "mig.Agent"), "");
  EXPECT_NE(GoDecodes(json::parse(R"({"heartbeatts":"2019-01-01 10:00:00"})"), "mig.Agent"), "");
  EXPECT_NE(GoDecodes(json::parse(R"({"pid":1.5})"), "mig.Agent"), "");
  EXPECT_NE(GoDecodes(json::parse(R"({"counters":{"sent":"1"}})"), "mig.Action"), "");
  EXPECT_NE(GoDecodes(json::parse(R"({"syntaxversion":-2})"), "mig.Action"), "");
  EXPECT_NE(GoDecodes(json::parse(R"({"publickey":"not base64!"})"), "mig.Investigator"), "");
  EXPECT_NE(GoDecodes(json::parse(R"({"results":[{"errors":"x"}]})"), "mig.Command"), "");
  EXPECT_NE(GoDecodes(json::parse(R"({"action":{"investigators":[{"id":"1"}]}})"), "mig.Command"),
            "");
  EXPECT_EQ(GoDecodes(json::parse(R"({"validfrom":"2019-01-01T10:00:00.123-05:00","id":1e13})"),
                      "mig.Action"),
            "");
  EXPECT_EQ(GoQueryEscape("status='online' OR x"), "status%3D%27online%27+OR+x");
  EXPECT_EQ(GoValuesEncode({{"id", "5"}, {"apikey", "active"}}), "apikey=active&id=5");
  EXPECT_EQ(GoCanonicalHeaderKey("X-PGPAUTHORIZATION"), "X-Pgpauthorization");
  EXPECT_EQ(GoTimeJson(Time::FromUnix(1546336800, 120000000), -300),
            "2019-01-01T05:00:00.12-05:00");
}

INSTANTIATE_TEST_SUITE_P(Backends, MigExchanges, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace mig::test
