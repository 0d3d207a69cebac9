#include "api/geo_locator.h"

#include <arpa/inet.h>
#include <maxminddb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstring>

#include "core/utf8.h"

namespace mig::api {
namespace {

// The longest address text: an IPv6 address with an IPv4 tail (45 bytes).
constexpr size_t kMaxAddressText = 64;
// A name longer than this is not a city name: the record is dropped.
constexpr size_t kMaxName = 256;
// Go's and our Time cannot hold a build time after 9999-12-31.
constexpr uint64_t kMaxEpoch = 253402300799;

bool InV4(uint32_t a, uint32_t net, int bits) {
  const uint32_t mask = bits == 0 ? 0 : ~uint32_t{0} << (32 - bits);
  return (a & mask) == net;
}

// Addresses nobody can locate: not on the public Internet. The documentation
// ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32) are
// not refused here: no real database holds them, and the tests' one does.
bool PublicV4(uint32_t a) {
  static const struct {
    uint32_t net;
    int bits;
  } kNotPublic[] = {
      {0x00000000, 8},   // "this network"
      {0x0A000000, 8},   // private
      {0x64400000, 10},  // carrier-grade NAT
      {0x7F000000, 8},   // loopback
      {0xA9FE0000, 16},  // link-local
      {0xAC100000, 12},  // private
      {0xC0000000, 24},  // IETF protocol assignments
      {0xC0A80000, 16},  // private
      {0xC6120000, 15},  // benchmarking
      {0xE0000000, 4},   // multicast
      {0xF0000000, 4},   // reserved, broadcast
  };
  for (const auto& r : kNotPublic)
    if (InV4(a, r.net, r.bits)) return false;
  return true;
}

bool PublicV6(const unsigned char* b) {
  if (b[0] == 0x00) return false;                           // ::/8: unspecified, loopback, ...
  if ((b[0] & 0xFE) == 0xFC) return false;                  // fc00::/7 unique local
  if (b[0] == 0xFE && (b[1] & 0xC0) == 0x80) return false;  // fe80::/10 link-local
  if (b[0] == 0xFE && (b[1] & 0xC0) == 0xC0) return false;  // fec0::/10 site-local
  if (b[0] == 0xFF) return false;                           // ff00::/8 multicast
  return true;
}

// The address as a socket address for libmaxminddb; false when the text is
// not an address or the address is not public. IPv4-mapped IPv6 addresses
// are looked up as the IPv4 address they carry.
bool ToSockaddr(std::string_view text, sockaddr_storage& out) {
  // inet_pton stops at a NUL: "192.0.2.7\0junk" is not an address.
  if (text.empty() || text.size() > kMaxAddressText || text.find('\0') != text.npos) return false;
  const std::string s(text);  // NUL-terminated for inet_pton
  std::memset(&out, 0, sizeof out);
  in_addr v4{};
  if (inet_pton(AF_INET, s.c_str(), &v4) == 1) {
    if (!PublicV4(ntohl(v4.s_addr))) return false;
    auto* sin = reinterpret_cast<sockaddr_in*>(&out);
    sin->sin_family = AF_INET;
    sin->sin_addr = v4;
    return true;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, s.c_str(), &v6) != 1) return false;
  const unsigned char* b = v6.s6_addr;
  static const unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
  if (std::memcmp(b, kMapped, sizeof kMapped) == 0) {
    uint32_t a = 0;
    std::memcpy(&a, b + 12, 4);
    if (!PublicV4(ntohl(a))) return false;
    auto* sin = reinterpret_cast<sockaddr_in*>(&out);
    sin->sin_family = AF_INET;
    sin->sin_addr.s_addr = a;
    return true;
  }
  if (!PublicV6(b)) return false;
  auto* sin6 = reinterpret_cast<sockaddr_in6*>(&out);
  sin6->sin6_family = AF_INET6;
  sin6->sin6_addr = v6;
  return true;
}

// MMDB_get_value takes its path as NUL-terminated varargs.
std::optional<double> Degrees(MMDB_entry_s& entry, const char* key, double limit) {
  MMDB_entry_data_s d{};
  if (MMDB_get_value(&entry, &d, "location", key, static_cast<const char*>(nullptr)) !=
          MMDB_SUCCESS ||
      !d.has_data)
    return std::nullopt;
  double v = 0;
  if (d.type == MMDB_DATA_TYPE_DOUBLE)
    v = d.double_value;
  else if (d.type == MMDB_DATA_TYPE_FLOAT)
    v = d.float_value;
  else
    return std::nullopt;
  if (!std::isfinite(v) || v < -limit || v > limit) return std::nullopt;
  return v;
}

// A string at the path; empty when absent, of another type, too long, or
// not valid UTF-8 (the file is the operator's, but still a file).
template <typename... Path>
std::string Text(MMDB_entry_s& entry, Path... path) {
  MMDB_entry_data_s d{};
  if (MMDB_get_value(&entry, &d, path..., static_cast<const char*>(nullptr)) != MMDB_SUCCESS ||
      !d.has_data || d.type != MMDB_DATA_TYPE_UTF8_STRING || d.data_size > kMaxName)
    return "";
  std::string s(d.utf8_string, d.data_size);
  return CheckStorableText(s).empty() ? s : "";
}

std::string CountryCode(MMDB_entry_s& entry) {
  std::string iso = Text(entry, "country", "iso_code");
  // Anycast and satellite networks have only the registered country.
  if (iso.empty()) iso = Text(entry, "registered_country", "iso_code");
  const bool alpha2 = iso.size() == 2 && std::isupper(static_cast<unsigned char>(iso[0])) &&
                      std::isupper(static_cast<unsigned char>(iso[1]));
  return alpha2 ? iso : "";
}

// Every record of the search tree points at a node, at nothing or into the
// data section: a pointer elsewhere is a corrupt file, said at start-up
// rather than at the lookup that meets it.
Status CheckSearchTree(const MMDB_s& db) {
  for (uint32_t i = 0; i < db.metadata.node_count; ++i) {
    MMDB_search_node_s node{};
    if (MMDB_read_node(&db, i, &node) != MMDB_SUCCESS ||
        node.left_record_type == MMDB_RECORD_TYPE_INVALID ||
        node.right_record_type == MMDB_RECORD_TYPE_INVALID)
      return Status::Error("the search tree is corrupt (node " + std::to_string(i) + ")");
  }
  return Status::Ok();
}

}  // namespace

GeoLocator::GeoLocator() : db_(std::make_unique<MMDB_s>()) {}

GeoLocator::~GeoLocator() {
  if (open_) MMDB_close(db_.get());
}

Result<std::unique_ptr<GeoLocator>> GeoLocator::Open(const std::string& path) {
  auto fail = [&](const std::string& why) {
    return Result<std::unique_ptr<GeoLocator>>::Error("MaxMind DB '" + path + "': " + why);
  };
  if (path.empty()) return Result<std::unique_ptr<GeoLocator>>::Error("no MaxMind DB file given");
  // A FIFO or a device would block or never end: only a regular file.
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return fail(std::strerror(errno));
  if (!S_ISREG(st.st_mode)) return fail("not a regular file");
  std::unique_ptr<GeoLocator> g(new GeoLocator());
  errno = 0;
  const int status = MMDB_open(path.c_str(), MMDB_MODE_MMAP, g->db_.get());
  if (status != MMDB_SUCCESS) {
    std::string why = MMDB_strerror(status);
    if (status == MMDB_IO_ERROR && errno != 0) why += ": " + std::string(std::strerror(errno));
    if (status == MMDB_INVALID_METADATA_ERROR || status == MMDB_UNKNOWN_DATABASE_FORMAT_ERROR)
      why += " (is it a MaxMind DB .mmdb file?)";
    return fail(why);
  }
  g->open_ = true;
  const MMDB_s& db = *g->db_;
  if (db.metadata.ip_version != 4 && db.metadata.ip_version != 6)
    return fail("unsupported ip_version " + std::to_string(db.metadata.ip_version));
  if (Status s = CheckSearchTree(db); !s.ok()) return fail(s.message());
  g->metadata_.ip_version = db.metadata.ip_version;
  if (db.metadata.database_type) g->metadata_.database_type = db.metadata.database_type;
  if (!CheckStorableText(g->metadata_.database_type).empty()) g->metadata_.database_type.clear();
  if (db.metadata.build_epoch <= kMaxEpoch)
    g->metadata_.built = Time::FromUnix(static_cast<int64_t>(db.metadata.build_epoch));
  return g;
}

std::optional<GeoLocation> GeoLocator::Lookup(std::string_view address) const {
  sockaddr_storage sa{};
  if (!ToSockaddr(address, sa)) return std::nullopt;
  int mmdb_error = MMDB_SUCCESS;
  // An IPv6 address in an IPv4-only database is an error here: no location.
  MMDB_lookup_result_s r =
      MMDB_lookup_sockaddr(db_.get(), reinterpret_cast<const sockaddr*>(&sa), &mmdb_error);
  if (mmdb_error != MMDB_SUCCESS || !r.found_entry) return std::nullopt;
  GeoLocation loc;
  loc.latitude = Degrees(r.entry, "latitude", 90);
  loc.longitude = Degrees(r.entry, "longitude", 180);
  if (!loc.latitude || !loc.longitude) loc.latitude = loc.longitude = std::nullopt;  // a pair
  loc.country = CountryCode(r.entry);
  loc.city = Text(r.entry, "city", "names", "en");
  if (!loc.latitude && loc.country.empty() && loc.city.empty()) return std::nullopt;
  return loc;
}

}  // namespace mig::api
