// Non-variadic wrappers around libedit, because Swift cannot call C variadic functions
// (el_set, el_get, history).
#ifndef LAYERLAB_CLIBEDIT_SHIM_H
#define LAYERLAB_CLIBEDIT_SHIM_H

#include <stdio.h>
#include <string.h>
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
// Draws the prompt and the line anew from the start of the terminal's current line.
static inline void layerlab_el_refresh(EditLine *el) { el_set(el, EL_REFRESH); }
static inline int layerlab_history_set_size(History *h, int size) { HistEvent ev; return history(h, &ev, H_SETSIZE, size); }
static inline int layerlab_history_set_unique(History *h, int on) { HistEvent ev; return history(h, &ev, H_SETUNIQUE, on); }
static inline int layerlab_history_enter(History *h, const char *line) { HistEvent ev; return history(h, &ev, H_ENTER, line); }
static inline int layerlab_history_load(History *h, const char *path) { HistEvent ev; return history(h, &ev, H_LOAD, path); }
static inline int layerlab_history_save(History *h, const char *path) { HistEvent ev; return history(h, &ev, H_SAVE, path); }

#endif
