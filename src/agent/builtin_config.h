// Configuration compiled into mig-agent. Set with CMake options pointing at
// files (empty when not set):
//   -DMIG_AGENT_CONFIG=agent.cfg   gcfg configuration (components.md 3.2)
//   -DMIG_AGENT_ACL=acl.json       ACL document (protocol.md 4)
//   -DMIG_AGENT_KEYS=keys.asc      investigators' armored public keys
//   -DMIG_AGENT_CACERT=ca.pem -DMIG_AGENT_CERT=cert.pem -DMIG_AGENT_KEY=key.pem
#pragma once

#include <string_view>

namespace mig::agent {

extern const std::string_view kBuiltinConfigText;
extern const std::string_view kBuiltinAcl;
extern const std::string_view kBuiltinInvestigatorKeys;
extern const std::string_view kBuiltinCaCert;
extern const std::string_view kBuiltinClientCert;
extern const std::string_view kBuiltinClientKey;

}  // namespace mig::agent
