// mig-api: MIG's REST API server (spec/api.md, components.md 5).
#include <CLI/CLI.hpp>

#include <pthread.h>
#include <sys/resource.h>

#include <bit>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "api/investigators.h"
#include "api/permissions.h"
#include "api/server.h"

namespace {

// Every client connection is a descriptor: take all the hard limit allows.
void RaiseDescriptorLimit() {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    setrlimit(RLIMIT_NOFILE, &lim);
  }
}

constexpr const char* kFooter = R"(
Configuration (gcfg, default /etc/mig/api.cfg; unknown keys are refused):
  [authentication] enabled = on        off: everybody is the all-powerful 'authdisabled'
                   tokenduration = 10m accepted clock skew of X-PGPAUTHORIZATION tokens
                   failurerate = 1     failed authentications a second per client address
                                       (burst 10; beyond: 429), 0: no limit
  [server] ip = 127.0.0.1  port = 12345  host = http://localhost:12345  baseroute = /api/v1
           clientpublicip = peer | x-forwarded-for:N
           tlscert = /path/cert.pem  tlskey = /path/key.pem   (both: HTTPS)
           threads = 8  maxbodybytes = 1048576   (handler threads; largest request body)
           connsperaddress = 256   open connections one client address may hold
  [store]  driver = sqlite | postgres   path = /var/lib/mig/mig.db   conninfo = "host=... dbname=mig"
  [postgres] host, port, dbname, user, password, sslmode, maxconn   (used when conninfo is empty)
  [logging] mode = stdout | file   file = /var/log/mig/api.log   level = info
  [manifest] requiredsignatures = 2
  [agents] relayauth = 127.0.0.1:8393   where RabbitMQ's HTTP auth backend asks (empty: off)
           relayvhost = mig  enrollmenttoken = "..."  enrollrate = 100
           acceptsharedaccount = off     on: HTTP heartbeats without credentials (MIG's agents)
  [console] root = /usr/share/mig/console   the web console's files, served under /console/
           acl = /etc/mig/acl.cfg           the agents' ACL, which GET /acl shows the console

Agents' own relay identities (docs/security.md):
  mig-api -c api.cfg --agent-identities          list them (queue location, enrolled, revoked)
  mig-api -c api.cfg --revoke-agent QUEUELOC     refuse that identity from now on

First start of a new installation (no investigator exists yet):
  mig-api -c api.cfg --init-investigator "Jane Admin" --pubkey jane.asc
creates an active investigator with the default and admin permissions
(--permissions default,admin,PermManifest,PermLoader,all or single names),
then start the server normally and manage others through /investigator/*.
)";

std::string ReadAll(const std::string& path, bool* ok) {
  std::ifstream in(path, std::ios::binary);
  *ok = static_cast<bool>(in);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// --agent-identities and --revoke-agent: straight on the store.
int ManageAgentIdentities(const mig::api::ApiConfig& config, const std::string& revoke) {
  auto store = mig::api::OpenConfiguredStore(config);
  if (!store.ok()) {
    std::cerr << "mig-api: database: " << store.error() << "\n";
    return 1;
  }
  if (!revoke.empty()) {
    auto done = (*store)->RevokeAgentCredential(revoke, mig::Time::Now());
    if (!done.ok()) {
      std::cerr << "mig-api: " << done.error() << "\n";
      return 1;
    }
    if (!*done) {
      std::cerr << "mig-api: no agent identity '" << revoke << "'\n";
      return 1;
    }
    std::cout << "revoked " << revoke
              << " (the broker forgets its cached logins within a minute; close its open "
                 "connection with rabbitmqctl close_connection)\n";
    return 0;
  }
  for (int64_t offset = 0;; offset += 1000) {
    auto page = (*store)->ListAgentCredentials(1000, offset);
    if (!page.ok()) {
      std::cerr << "mig-api: " << page.error() << "\n";
      return 1;
    }
    for (const auto& r : *page) {
      std::cout << r.queue_loc << "\tenrolled " << mig::FormatTime(r.enrolled_at)
                << (r.revoked_at ? "\trevoked " + mig::FormatTime(*r.revoked_at) : "") << "\n";
    }
    if (page->size() < 1000) return 0;
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "mig-api: the MIG REST API server (actions, commands, agents, investigators, "
      "search, dashboard, agent heartbeats)"};
  app.footer(kFooter);
  std::string config_path = "/etc/mig/api.cfg";
  bool debug = false, version = false;
  std::string init_name, pubkey_path, perms_list = "default,admin";
  app.add_option("-c,--config", config_path, "configuration file");
  app.add_flag("-d,--debug", debug, "log requests to stdout whatever [logging] says");
  app.add_flag("-V,--version", version, "print the version and exit");
  app.add_option("--init-investigator", init_name,
                 "create the first investigator with this name, then exit");
  app.add_option("--pubkey", pubkey_path, "armored public key file for --init-investigator");
  app.add_option("--permissions", perms_list,
                 "permissions for --init-investigator (default: default,admin)");
  bool list_identities = false;
  std::string revoke;
  app.add_flag("--agent-identities", list_identities, "list agents' relay identities, then exit");
  app.add_option("--revoke-agent", revoke,
                 "revoke the relay identity of this queue location, then exit");
  CLI11_PARSE(app, argc, argv);
  if (version) {
    std::cout << MIG_VERSION << "\n";
    return 0;
  }
  auto config = mig::api::LoadApiConfig(config_path);
  if (!config.ok()) {
    std::cerr << "mig-api: configuration: " << config.error() << "\n";
    return 2;
  }
  if (!init_name.empty()) {
    if (pubkey_path.empty()) {
      std::cerr << "mig-api: --init-investigator needs --pubkey FILE (armored public key)\n";
      return 2;
    }
    bool ok = false;
    const std::string key = ReadAll(pubkey_path, &ok);
    if (!ok) {
      std::cerr << "mig-api: cannot read public key file '" << pubkey_path << "'\n";
      return 2;
    }
    auto perms = mig::api::ParsePermissionList(perms_list);
    if (!perms.ok()) {
      std::cerr << "mig-api: --permissions: " << perms.error() << "\n";
      return 2;
    }
    auto store = mig::api::OpenConfiguredStore(*config);
    if (!store.ok()) {
      std::cerr << "mig-api: database: " << store.error() << "\n";
      return 1;
    }
    auto id = mig::api::CreateInvestigator(**store, init_name, key, *perms);
    if (!id.ok()) {
      std::cerr << "mig-api: cannot create investigator: " << id.error() << "\n";
      return 1;
    }
    std::cout << "created investigator " << *id << " '" << init_name << "' with permissions "
              << perms_list << " (" << std::popcount(*perms) << " permissions)\n";
    return 0;
  }
  if (list_identities || !revoke.empty()) return ManageAgentIdentities(*config, revoke);
  std::FILE* log = stdout;
  if (config->log_mode == "file" && !debug) {
    log = std::fopen(config->log_file.c_str(), "a");
    if (!log) {
      std::cerr << "mig-api: cannot open log file '" << config->log_file << "'\n";
      return 1;
    }
  }
  RaiseDescriptorLimit();
  // SIGINT and SIGTERM go to one thread that stops the server (Stop() is
  // not async-signal-safe); blocked before the server starts its threads.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  auto server = mig::api::ApiServer::Create(*config, log);
  if (!server.ok()) {
    std::cerr << "mig-api: " << server.error() << "\n";
    return 1;
  }
  auto port = (*server)->Bind();
  if (!port.ok()) {
    std::cerr << "mig-api: " << port.error() << "\n";
    return 1;
  }
  std::fprintf(log, "mig-api %s listening on %s:%d (%s, store %s, auth %s)\n", MIG_VERSION,
               config->listen_ip.c_str(), *port, config->tls_cert.empty() ? "http" : "https",
               config->store_driver.c_str(), config->auth_enabled ? "on" : "OFF");
  if ((*server)->relay_auth_port() > 0) {
    const std::string& l = config->relay_auth_listen;
    std::fprintf(log, "mig-api: relay auth for agents' own identities on %s:%d (vhost %s%s)\n",
                 l.substr(0, l.rfind(':')).c_str(), (*server)->relay_auth_port(),
                 config->relay_vhost.c_str(),
                 config->enrollment_token.empty() ? ", enrollment off" : "");
  }
  std::fflush(log);
  mig::api::ApiServer* serving = server->get();
  std::thread stopper([stop_signals, serving] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    serving->Stop();
  });
  auto served = (*server)->Serve();
  pthread_kill(stopper.native_handle(), SIGTERM);  // wakes it if no signal came
  stopper.join();
  if (!served.ok()) {
    std::cerr << "mig-api: " << served.message() << "\n";
    return 1;
  }
  return 0;
}
