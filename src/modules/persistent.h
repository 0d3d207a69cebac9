// Persistent modules (fswatch, audit, dispatch): long-running children of the
// agent, started as `mig-agent -P NAME`. The runtime that speaks the agent's
// line protocol (config, register, ping, log, alert, stop) and serves one-shot
// queries on the module's Unix socket lives apart from the modules; a module
// only implements this interface. A persistent module also registers a normal
// Module under the same name: that face parses `mig NAME` flags and prints
// results, while its queries reach the running instance through the socket.
#pragma once

#include <functional>
#include <memory>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "core/documents.h"
#include "core/status.h"

namespace mig::modules {

// Who the agent is, from the config message; dispatch puts it in records.
struct PersistentHost {
  std::string hostname;
  Json environment = Json::object();
  Json tags = Json::object();
};

// Where a running module sends what it has to say. Thread-safe: a module may
// call it from any of its threads.
class PersistentOutput {
 public:
  virtual ~PersistentOutput() = default;
  // One alert: message is the module's own JSON text (fswatch:
  // {"severity":"critical|high|medium|low","alert":"..."}). The runtime
  // bounds what it queues; a module that floods loses alerts, counted, and
  // never blocks for long here.
  virtual void Alert(std::string message) = 0;
  // A line for the agent's log.
  virtual void Log(std::string message) = 0;
};

class PersistentModule {
 public:
  virtual ~PersistentModule() = default;

  virtual std::string_view Name() const = 0;

  // The "config" member of the agent's config message (the module's gcfg
  // file as JSON, e.g. fswatch's {"Paths":{"Path":[...]}}), and the host.
  // Bad configuration is an error the runtime reports and exits on (the
  // agent restarts it later), never a crash.
  virtual Status Configure(const Json& config, const PersistentHost& host) = 0;

  // Does the module's work until stop is requested or a fatal error. Called
  // once, on its own thread, after Configure succeeded.
  virtual Status Run(std::stop_token stop, PersistentOutput& out) = 0;

  // A one-shot query forwarded by `mig-agent -m NAME` through the socket:
  // the operation's parameters in, one module result out
  // ({"foundanything","success","elements","statistics","errors"}).
  // Called concurrently with Run, from the runtime's socket thread.
  virtual ModuleResult Query(const Json& parameters) = 0;

  // Only dispatch overrides this: the agent routes every other persistent
  // module's alert here while dispatch runs. Must not block for long
  // (queue and return); called from the runtime's input thread.
  virtual void Receive(std::string /*alert_message*/) {}
};

using PersistentModuleFactory = std::function<std::unique_ptr<PersistentModule>()>;

// Registers a persistent module; a duplicate name is an error (returns false
// and the runtime refuses to start that name). Returns true so it can
// initialise a static.
bool RegisterPersistentModule(std::string name, PersistentModuleFactory factory);

// A new instance, or nullptr when no persistent module has that name.
std::unique_ptr<PersistentModule> CreatePersistentModule(std::string_view name);

// Sorted names of every registered persistent module.
std::vector<std::string> PersistentModuleNames();

}  // namespace mig::modules

// In one .cpp of a module: MIG_REGISTER_PERSISTENT_MODULE(fswatch, FsWatchModule);
#define MIG_REGISTER_PERSISTENT_MODULE(name, Class)                                              \
  namespace {                                                                                    \
  [[maybe_unused]] const bool registered_persistent_##name =                                     \
      ::mig::modules::RegisterPersistentModule(                                                  \
          #name, [] { return std::unique_ptr<::mig::modules::PersistentModule>(new Class()); }); \
  }
