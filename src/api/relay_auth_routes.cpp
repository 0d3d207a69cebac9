// RabbitMQ's HTTP auth backend (rabbitmq_auth_backend_http) asks here, on a
// listener of its own ([agents] relayauth), whether an agent may log in and
// what it may touch (agent_identities.h). Every request is a form POST; the
// answer is the word "allow" or "deny". Errors deny: the broker must never
// let an agent in because the platform could not decide.
#include "api/agent_identities.h"
#include "api/context.h"

namespace mig::api {
namespace {

void Answer(http::Response& res, bool allow) {
  res.status = 200;
  res.set_content(allow ? "allow" : "deny", "text/plain");
}

}  // namespace

void AddRelayAuthRoutes(http::Router& s, ApiContext& ctx) {
  s.Post("/auth/user", [&ctx](const http::Request& req, http::Response& res) {
    CurrentRequest().category = "relayauth";
    const std::string user = req.get_param_value("username");
    CurrentRequest().auth_name = user;
    auto login = ctx.agents.CheckLogin(user, req.get_param_value("password"));
    if (!login.ok()) {
      CurrentRequest().error = "cannot check the login: " + login.error();
      return Answer(res, false);
    }
    if (login->outcome == AgentIdentities::Login::kRefused) {
      CurrentRequest().error = "login refused: " + login->reason;
      return Answer(res, false);
    }
    if (login->outcome == AgentIdentities::Login::kEnrolled) {
      CurrentRequest().error = "new agent identity enrolled";
    }
    Answer(res, true);
  });
  s.Post("/auth/vhost", [&ctx](const http::Request& req, http::Response& res) {
    CurrentRequest().category = "relayauth";
    Answer(res,
           ctx.agents.MayUseVhost(req.get_param_value("username"), req.get_param_value("vhost")));
  });
  s.Post("/auth/resource", [&ctx](const http::Request& req, http::Response& res) {
    CurrentRequest().category = "relayauth";
    const bool allow =
        ctx.agents.MayAccess(req.get_param_value("username"), req.get_param_value("vhost"),
                             req.get_param_value("resource"), req.get_param_value("name"),
                             req.get_param_value("permission"));
    if (!allow) {
      CurrentRequest().error = "refused " + req.get_param_value("permission") + " on " +
                               req.get_param_value("resource") + " " + req.get_param_value("name");
    }
    Answer(res, allow);
  });
  // Agents use no topic exchange: nothing to allow.
  s.Post("/auth/topic", [](const http::Request&, http::Response& res) {
    CurrentRequest().category = "relayauth";
    Answer(res, false);
  });
}

}  // namespace mig::api
