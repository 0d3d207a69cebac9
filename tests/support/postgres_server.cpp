#include "postgres_server.h"

#include <libpq-fe.h>
#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <vector>

#include "test_env.h"

namespace mig::test {
namespace {

const char* kBinDir = "/usr/lib/postgresql/15/bin";
const char* kUser = "mig";  // superuser name inside the test cluster

std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

std::string PostgresServer::RunAsOwner(const std::string& command, int* exit_code) const {
  std::string full = command;
  if (geteuid() == 0) full = "runuser -u postgres -- /bin/sh -c " + Quote(command);
  CommandOutput out = RunShell(full);
  *exit_code = out.exit_code;
  return out.output;
}

PostgresServer::PostgresServer() {
  const char* base = std::getenv("TMPDIR");
  std::string tmpl = std::string(base && *base ? base : "/tmp") + "/mig-pg-XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (mkdtemp(buf.data()) == nullptr) {
    error_ = "mkdtemp failed for " + tmpl;
    return;
  }
  dir_ = buf.data();
  if (geteuid() == 0) {
    passwd* pw = getpwnam("postgres");
    if (pw == nullptr || chown(dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
      error_ = "cannot hand " + dir_ + " to the postgres user (does it exist?)";
      return;
    }
  }
  port_ = FreeLoopbackPort();
  int rc = 0;
  std::string out = RunAsOwner(std::string(kBinDir) + "/initdb --no-sync -A trust -E UTF8 -U " +
                                   kUser + " -D " + dir_ + "/data",
                               &rc);
  if (rc != 0) {
    error_ = "initdb failed (exit " + std::to_string(rc) + "): " + out;
    return;
  }
  // mkdtemp made dir_ mode 700: the socket is out of other users' reach.
  const std::string opts =
      "-c listen_addresses='' -p " + std::to_string(port_) + " -k " + dir_ +
      " -c unix_socket_permissions=0700 -c fsync=off -c synchronous_commit=off" +
      " -c full_page_writes=off -c max_connections=50";
  out = RunAsOwner(std::string(kBinDir) + "/pg_ctl -D " + dir_ + "/data -l " + dir_ +
                       "/server.log -w -t 60 -o \"" + opts + "\" start",
                   &rc);
  if (rc != 0) {
    std::error_code ec;
    std::string log = std::filesystem::exists(dir_ + "/server.log", ec)
                          ? ReadFile(dir_ + "/server.log")
                          : std::string();
    error_ = "PostgreSQL did not start (pg_ctl exit " + std::to_string(rc) + "): " + out + log;
    return;
  }
  started_ = true;
}

PostgresServer::~PostgresServer() {
  if (started_) {
    int rc = 0;
    RunAsOwner(std::string(kBinDir) + "/pg_ctl -D " + dir_ + "/data -m immediate -w stop", &rc);
  }
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

std::string PostgresServer::ConnInfo(const std::string& dbname) const {
  return "host=" + dir_ + " port=" + std::to_string(port_) + " user=" + kUser +
         " dbname=" + dbname + " connect_timeout=10";
}

std::string PostgresServer::CreateDatabase(const std::string& name, std::string* error) {
  if (!ok()) {
    *error = error_;
    return "";
  }
  PGconn* c = PQconnectdb(ConnInfo("postgres").c_str());
  std::string result;
  if (PQstatus(c) != CONNECTION_OK) {
    *error = std::string("cannot connect to the test server: ") + PQerrorMessage(c);
  } else {
    PGresult* r = PQexec(c, ("CREATE DATABASE \"" + name + "\"").c_str());
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
      *error = "CREATE DATABASE " + name + ": " + PQerrorMessage(c);
    else
      result = ConnInfo(name);
    PQclear(r);
  }
  PQfinish(c);
  return result;
}

PostgresServer& PostgresServer::Shared() {
  static PostgresServer server;
  return server;
}

}  // namespace mig::test
