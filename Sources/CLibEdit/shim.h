// Non-variadic wrappers around libedit, because Swift cannot call C variadic functions
// (el_set, el_get, history).
#ifndef LAYERLAB_CLIBEDIT_SHIM_H
#define LAYERLAB_CLIBEDIT_SHIM_H

#include <errno.h>
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
#define LAYERLAB_WAKE_KEY 0x1E
static int layerlab_wake_fd = -1;

static inline int layerlab_el_getc(EditLine *el, wchar_t *c) {
    for (;;) {
        struct pollfd fds[2] = {{0, POLLIN, 0}, {layerlab_wake_fd, POLLIN, 0}};
        int ready = poll(fds, layerlab_wake_fd >= 0 ? 2 : 1, -1);
        if (ready < 0) {
            if (errno == EINTR) { *c = L'\0'; return -1; }  // Ctrl-C: el_gets reports it as libedit's own read does
            continue;
        }
        if (layerlab_wake_fd >= 0 && (fds[1].revents & POLLIN)) {
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
    el_set(el, EL_GETCFN, layerlab_el_getc);
}
static inline int layerlab_history_set_size(History *h, int size) { HistEvent ev; return history(h, &ev, H_SETSIZE, size); }
static inline int layerlab_history_set_unique(History *h, int on) { HistEvent ev; return history(h, &ev, H_SETUNIQUE, on); }
static inline int layerlab_history_enter(History *h, const char *line) { HistEvent ev; return history(h, &ev, H_ENTER, line); }
static inline int layerlab_history_load(History *h, const char *path) { HistEvent ev; return history(h, &ev, H_LOAD, path); }
static inline int layerlab_history_save(History *h, const char *path) { HistEvent ev; return history(h, &ev, H_SAVE, path); }

#endif
