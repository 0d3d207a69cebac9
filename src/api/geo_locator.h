// Where an agent's public address is, from a MaxMind DB file ([geo]
// database): GeoLite2 / GeoIP2 City or Country, DB-IP's City Lite, or any
// database with their layout (location.latitude/longitude, country.iso_code,
// city.names.en), read with libmaxminddb.
//
//   auto geo = GeoLocator::Open("/var/lib/mig/GeoLite2-City.mmdb");
//   if (!geo.ok()) ... // start-up error: missing, unreadable, not a MaxMind DB
//   std::optional<GeoLocation> where = (*geo)->Lookup("192.0.2.7");
//
// The file is mapped once; lookups are const and safe from many threads.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "core/time.h"

struct MMDB_s;  // libmaxminddb's handle (maxminddb.h stays out of this header)

namespace mig::api {

struct GeoLocation {
  // Degrees; absent in Country databases and in records without a position.
  std::optional<double> latitude, longitude;
  std::string country;  // ISO 3166-1 alpha-2 ("FR"); empty when unknown
  std::string city;     // English name; empty when unknown
};

struct GeoMetadata {
  std::string database_type;  // "GeoLite2-City", "DBIP-City-Lite", ...
  std::optional<Time> built;  // build_epoch; nullopt when out of range
  int ip_version = 0;         // 4 or 6
};

class GeoLocator {
 public:
  // Opens and checks the file. Errors name the file and say what is wrong
  // (absent, not a regular file, not a MaxMind DB, corrupt).
  static Result<std::unique_ptr<GeoLocator>> Open(const std::string& path);
  ~GeoLocator();
  GeoLocator(const GeoLocator&) = delete;
  GeoLocator& operator=(const GeoLocator&) = delete;

  // The location of an IPv4 or IPv6 address in text form (IPv4-mapped IPv6
  // included). nullopt, never an error, when the text is not an address,
  // the address is private, loopback, link-local, multicast or otherwise not
  // on the public Internet, the database has no record for it, or the
  // record holds none of the fields.
  std::optional<GeoLocation> Lookup(std::string_view address) const;

  const GeoMetadata& metadata() const { return metadata_; }

 private:
  GeoLocator();
  std::unique_ptr<MMDB_s> db_;
  bool open_ = false;
  GeoMetadata metadata_;
};

}  // namespace mig::api
