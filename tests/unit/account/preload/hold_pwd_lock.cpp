// Preloaded into useradd by unit_account: once useradd holds the user
// database lock (lckpwdf), it keeps it MIG_TEST_HOLD_PWD_LOCK_MS longer,
// so a concurrent edit has to wait for it.
#include <dlfcn.h>
#include <unistd.h>

#include <cstdlib>

extern "C" int lckpwdf() {
  using Fn = int (*)();
  auto real = reinterpret_cast<Fn>(dlsym(RTLD_NEXT, "lckpwdf"));
  int rc = real ? real() : -1;
  const char* ms = getenv("MIG_TEST_HOLD_PWD_LOCK_MS");
  if (rc == 0 && ms) usleep(static_cast<useconds_t>(atoi(ms)) * 1000);
  return rc;
}
