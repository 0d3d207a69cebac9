// GET /action/follow?actionid=N (not in MIG): results as they arrive, as
// server-sent events, instead of polling GET /action every 2 s.
//   event: command  data: <command>   once per command that left "sent"
//   event: action   data: <action>    whenever the counters or status change
//   event: end      data: {"status":"completed"|..., "reason":...}
// The server checks the database every `interval` ms (default 500); between
// checks a stream holds no thread (http/server.h).
#include <chrono>
#include <memory>
#include <set>

#include "api/context.h"
#include "api/permissions.h"
#include "core/documents_json.h"

namespace mig::api {
namespace {

struct FollowState {
  Id action_id = 0;
  std::set<Id> seen;
  std::string last_action;
  Time deadline;
  int interval_ms = 500;
};

bool Finished(const std::string& status) {
  return status == "completed" || status == "expired" || status == "cancelled" ||
         status == "invalid";
}

bool Write(http::DataSink& sink, const std::string& event, const std::string& data) {
  const std::string chunk = "event: " + event + "\ndata: " + data + "\n\n";
  return sink.write(chunk.data(), chunk.size());
}

bool End(http::DataSink& sink, const std::string& status, const std::string& reason) {
  std::string data = "{\"status\":";
  AppendGoString(data, status);
  data += ",\"reason\":";
  AppendGoString(data, reason);
  Write(sink, "end", data + "}");
  sink.done();
  return true;
}

bool Step(ApiContext& ctx, FollowState& st, http::DataSink& sink) {
  if (!sink.is_writable()) return false;
  auto store = ctx.pool.Borrow();
  if (!store.ok()) return End(sink, "error", store.error());
  auto action = (*store)->GetAction(st.action_id);
  if (!action.ok() || !*action) return End(sink, "error", "action can no longer be read");
  store::CommandQuery q;
  q.action_id = st.action_id;
  q.window.limit = 1000000;
  auto cmds = (*store)->SearchCommands(q);
  if (!cmds.ok()) return End(sink, "error", cmds.error());
  for (const Command& c : *cmds) {
    if (c.status == "sent" || st.seen.count(c.id)) continue;
    st.seen.insert(c.id);
    if (!Write(sink, "command", WriteCommand(c))) return false;
  }
  const std::string json = WriteAction(**action);
  if (json != st.last_action) {
    st.last_action = json;
    if (!Write(sink, "action", json)) return false;
  }
  const Time now = Time::Now();
  if (Finished((*action)->status)) return End(sink, (*action)->status, "action finished");
  if (now > (*action)->expire_after.AddSeconds(10))
    return End(sink, (*action)->status, "action expired");
  if (now > st.deadline) return End(sink, (*action)->status, "follow timeout reached");
  return true;
}

void Follow(ApiContext& ctx, const http::Request& req, http::Response& res) {
  if (!Authorize(ctx, req, res, kPermAction | kPermCommand)) return;
  auto id = IdParam(ctx, req, res, "actionid", "Action");
  if (!id) return;
  auto st = std::make_shared<FollowState>();
  st->action_id = *id;
  int64_t timeout = 3600;
  if (req.has_param("timeout")) {
    auto t = ParseIdValue(req.get_param_value("timeout"));
    if (!t) return SendError(ctx, req, res, 400, "parameter 'timeout' must be seconds > 0");
    timeout = *t;
  }
  if (req.has_param("interval")) {
    auto i = ParseIdValue(req.get_param_value("interval"));
    if (!i || *i < 50 || *i > 60000)
      return SendError(ctx, req, res, 400, "parameter 'interval' must be 50..60000 ms");
    st->interval_ms = static_cast<int>(*i);
  }
  st->deadline = Time::Now().AddSeconds(timeout);
  {
    auto store = ctx.pool.Borrow();
    if (!store.ok()) return SendError(ctx, req, res, 500, store.error());
    auto action = FindAction(ctx, req, res, **store, *id);
    if (!action) return;
  }
  res.set_header("Cache-Control", "no-cache");
  res.set_stream("text/event-stream", std::chrono::milliseconds(st->interval_ms),
                 [&ctx, st](http::DataSink& sink) { return Step(ctx, *st, sink); });
}

}  // namespace

void AddFollowRoutes(http::Router& s, ApiContext& ctx) {
  s.Get(ctx.Route("/action/follow"),
        [&ctx](const http::Request& req, http::Response& res) { Follow(ctx, req, res); });
}

}  // namespace mig::api
