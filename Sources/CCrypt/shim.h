// libxcrypt, which glibc systems ship: bcrypt ("$2y$") for htpasswd files, as Apache's htpasswd -B makes them.
#include <crypt.h>
