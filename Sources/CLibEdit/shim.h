// Non-variadic wrappers around libedit, because Swift cannot call C variadic functions
// (el_set, el_get, history).
#ifndef LAYERLAB_CLIBEDIT_SHIM_H
#define LAYERLAB_CLIBEDIT_SHIM_H

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <histedit.h>

typedef unsigned char (*layerlab_el_command_fn)(EditLine *, int);
typedef char *(*layerlab_el_prompt_fn)(EditLine *);

static inline EditLine *layerlab_el_init(const char *program) {
    return el_init(program, stdin, stdout, stderr);
}
// Characters between two \1 in the prompt take no room on screen (colour escapes).
static inline void layerlab_el_set_prompt(EditLine *el, layerlab_el_prompt_fn fn) { el_set(el, EL_PROMPT_ESC, fn, '\1'); }
static inline void layerlab_el_set_editor(EditLine *el, const char *mode) { el_set(el, EL_EDITOR, mode); }
static inline void layerlab_el_set_history(EditLine *el, History *h) { el_set(el, EL_HIST, history, h); }
static inline void layerlab_el_set_signal(EditLine *el, int on) { el_set(el, EL_SIGNAL, on); }
static inline void layerlab_el_add_function(EditLine *el, const char *name, const char *help, layerlab_el_command_fn fn) {
    el_set(el, EL_ADDFN, name, help, fn);
}
static inline void layerlab_el_bind(EditLine *el, const char *key, const char *name) {
    el_set(el, EL_BIND, key, name, NULL);
}
static inline void layerlab_el_set_clientdata(EditLine *el, void *data) { el_set(el, EL_CLIENTDATA, data); }
static inline void *layerlab_el_get_clientdata(EditLine *el) {
    void *data = NULL;
    el_get(el, EL_CLIENTDATA, &data);
    return data;
}
static inline const char *layerlab_el_line_before_cursor(EditLine *el, int *length) {
    const LineInfo *info = el_line(el);
    *length = (int)(info->cursor - info->buffer);
    return info->buffer;
}
// Another thread's news for the line being typed (a goal reached through the Engine API) must be
// drawn by the thread in el_gets: libedit is not thread-safe. Its reading waits on standard input and on
// this pipe too; a byte on the pipe reads as the key LAYERLAB_WAKE_KEY, bound to a function that draws
// the news and has libedit redisplay the line.
//
// Ctrl-C is read the same way: the SIGINT handler writes a byte to the interrupt pipe (write(2) may be
// called in a handler), which reads as the key LAYERLAB_INTERRUPT_KEY, bound to a function that ends
// the line as cancelled. A key rather than a failed read, because Ctrl-R's search takes a failed read
// for the end of input (and layerlab would exit), but ends the search at any key it does not use and
// then runs that key. The pipe, not the signal's EINTR, says it was Ctrl-C: libedit's own handler runs
// first and passes SIGINT on to the process, which may handle it on another thread a moment later, and
// a resized window interrupts the wait too.
//
// These are statics of a header, which each Swift file that uses them may get a copy of: keep every
// use in EditLineReader.swift.
#define LAYERLAB_WAKE_KEY 0x1E
#define LAYERLAB_INTERRUPT_KEY 0x1D
static int layerlab_wake_fd = -1;
static int layerlab_interrupt_pipe[2] = {-1, -1};

static inline int layerlab_el_getc(EditLine *el, wchar_t *c) {
    for (;;) {
        struct pollfd fds[3] = {{0, POLLIN, 0}, {layerlab_interrupt_pipe[0], POLLIN, 0}, {layerlab_wake_fd, POLLIN, 0}};
        if (poll(fds, 3, -1) < 0) continue;  // a signal: a Ctrl-C among them left its byte on the pipe
        if (fds[1].revents & POLLIN) {
            char drained[64];
            while (read(layerlab_interrupt_pipe[0], drained, sizeof drained) > 0) {}
            *c = LAYERLAB_INTERRUPT_KEY;
            return 1;
        }
        if (fds[2].revents & POLLIN) {
            char drained[64];
            (void)read(layerlab_wake_fd, drained, sizeof drained);
            *c = LAYERLAB_WAKE_KEY;
            return 1;
        }
        if (fds[0].revents) {
            // libedit's own reading (its UTF-8 decoding, its error handling) for the key itself.
            el_set(el, EL_GETCFN, EL_BUILTIN_GETCFN);
            int got = el_wgetc(el, c);
            el_set(el, EL_GETCFN, layerlab_el_getc);
            return got;
        }
    }
}

static inline void layerlab_el_watch(EditLine *el, int wake_fd) {
    layerlab_wake_fd = wake_fd;
    if (layerlab_interrupt_pipe[0] < 0 && pipe(layerlab_interrupt_pipe) == 0) {
        for (int end = 0; end < 2; end++) {
            // Never blocking: a full pipe already holds a Ctrl-C.
            fcntl(layerlab_interrupt_pipe[end], F_SETFL, fcntl(layerlab_interrupt_pipe[end], F_GETFL) | O_NONBLOCK);
            fcntl(layerlab_interrupt_pipe[end], F_SETFD, FD_CLOEXEC);
        }
    }
    el_set(el, EL_GETCFN, layerlab_el_getc);
}
// Called from the SIGINT handler.
static inline void layerlab_el_note_interrupt(void) {
    int saved = errno;
    char byte = 1;
    if (layerlab_interrupt_pipe[1] >= 0) (void)write(layerlab_interrupt_pipe[1], &byte, 1);
    errno = saved;
}
// A Ctrl-C typed while a command ran was that command's, not the next line's.
static inline void layerlab_el_forget_interrupts(void) {
    char drained[64];
    if (layerlab_interrupt_pipe[0] >= 0) while (read(layerlab_interrupt_pipe[0], drained, sizeof drained) > 0) {}
}
static inline int layerlab_history_set_size(History *h, int size) { HistEvent ev; return history(h, &ev, H_SETSIZE, size); }
static inline int layerlab_history_set_unique(History *h, int on) { HistEvent ev; return history(h, &ev, H_SETUNIQUE, on); }
static inline int layerlab_history_enter(History *h, const char *line) { HistEvent ev; return history(h, &ev, H_ENTER, line); }
static inline int layerlab_history_load(History *h, const char *path) { HistEvent ev; return history(h, &ev, H_LOAD, path); }
static inline int layerlab_history_save(History *h, const char *path) { HistEvent ev; return history(h, &ev, H_SAVE, path); }

#endif
