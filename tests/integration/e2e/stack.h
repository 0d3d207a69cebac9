// A whole platform for end-to-end tests: a private RabbitMQ (shared by the
// suite), a store (SQLite file or PostgreSQL database, fresh per test), a real
// mig-scheduler process, real mig-agent processes and a mig-api that answers
// the node's questions about the agents' own relay identities. Actions are signed with
// a real investigator key and written to the store as the API would.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/documents.h"
#include "process.h"
#include "rabbitmq_server.h"
#include "store/store.h"
#include "test_env.h"

namespace mig::test {

// Suite-wide: the relay and the investigator key.
struct SharedPlatform {
  std::unique_ptr<RabbitMqServer> relay;
  int relay_auth_port = 0;  // where the node asks about agents' logins
  std::string fingerprint;
  std::string public_key;  // armored
  std::string secret_key;  // armored
  std::string gnupg_home;  // a GnuPG home holding the secret key
  // A second investigator, for actions that want two signatures.
  std::string second_fingerprint;
  std::string second_public_key;  // armored
  std::string second_secret_key;  // armored
  static SharedPlatform& Get();
};

class Stack {
 public:
  // driver: "sqlite" or "postgres"
  explicit Stack(const std::string& driver);
  ~Stack();

  store::Store& store() { return *store_; }
  const std::string& dir() const { return dir_.path(); }
  // The [store] section that points a scheduler or mig-api at this store.
  const std::string& store_config() const { return store_config_; }

  // agent_extra, mq_extra: more lines for the scheduler's [agent] and [mq]
  // sections. The binary is the build's, or $MIG_TEST_SCHEDULER_BIN (to
  // replay an attack against another build, e.g. main's).
  void StartScheduler(const std::string& agent_extra = "", const std::string& mq_extra = "");
  Process& scheduler() { return *scheduler_; }
  // A mig-api answering the node's questions about agents' own identities
  // on this stack's store (started by the first StartAgent).
  void StartRelayAuth();
  // The public API port of that mig-api (0 before StartRelayAuth).
  int relay_auth_api_port() const { return relay_auth_api_port_; }
  // Starts agent number i with tags and extra [agent] configuration lines.
  // Agents log in with their own relay identity (the shared account's
  // password is the enrollment token) unless extra says relayaccount = shared.
  void StartAgent(const std::string& tags = "", const std::string& extra = "");
  // For the agents started next: another agent binary, another ACL document.
  void SetAgentBinary(std::string path) { agent_binary_ = std::move(path); }
  void SetAgentAcl(std::string acl_json) { agent_acl_ = std::move(acl_json); }
  Process& agent(size_t i) { return *agents_[i]; }
  std::string AgentRunDir(size_t i) const;
  // Waits until n agents are online in the store.
  ::testing::AssertionResult WaitForAgents(size_t n, int timeout_s = 60);

  // A signed action with one operation per (module, parameters).
  Action MakeAction(const std::string& target, const std::vector<std::pair<std::string, Json>>& ops,
                    int lifetime_s = 120);
  static void Sign(Action& action);
  // Signed by both investigators (the first's signature first).
  static void SignByTwo(Action& action);
  Id Submit(Action action);
  // Waits until the action reaches one of the statuses; returns it.
  Action WaitForAction(Id id, const std::vector<std::string>& statuses, int timeout_s = 60);
  std::vector<Command> Commands(Id action_id);
  std::string Logs();

 private:
  TempDir dir_{"mig-e2e"};
  std::string driver_;
  std::string store_config_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Process> scheduler_;
  std::unique_ptr<Process> relay_auth_;
  int relay_auth_api_port_ = 0;
  std::vector<std::unique_ptr<Process>> agents_;
  std::string agent_binary_;
  std::string agent_acl_;
};

}  // namespace mig::test
