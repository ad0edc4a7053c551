// opendata-admin: operator CLI that makes local-development HS256 keys and
// bearer tokens (see admin_commands.h for the subcommands).
// Thread-safety: single-threaded program.
#include <iostream>
#include <string>
#include <vector>

#include "tools/admin/admin_commands.h"

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  return opendata::admin::RunAdmin(args, std::cout, std::cerr);
}
