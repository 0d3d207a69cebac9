// The client's address as [server] clientpublicip says: the peer of the
// connection ("peer"), or the Nth address from the end of X-Forwarded-For
// ("x-forwarded-for:N", behind a proxy). GET /ip answers it; failed
// authentications are counted against it.
#pragma once

#include <string>

namespace mig::api {

// "0.0.0.0" when the chosen value is not an IP address.
std::string ClientIp(const std::string& mode, const std::string& peer,
                     const std::string& forwarded_for);

}  // namespace mig::api
