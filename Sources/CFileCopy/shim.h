// copy_file_range(2) lets the kernel copy a file's bytes without passing them through the process.
// glibc declares it only under _GNU_SOURCE, which Swift's Glibc module does not set, so it is reached
// through syscall(2) here.
#include <stddef.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/syscall.h>

/// Copies up to `length` bytes from the current offset of `input` to that of `output`: the number
/// copied, 0 at the end of `input`, or -1 with errno set.
static inline long layerlab_copy_file_range(int input, int output, size_t length) {
    return syscall(SYS_copy_file_range, input, (void *)0, output, (void *)0, length, 0u);
}
#endif
