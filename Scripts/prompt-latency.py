#!/usr/bin/env python3
"""Time from launch to the first prompt in a real pseudo-terminal (issue 2's start-up goal).

Usage: python3 Scripts/prompt-latency.py COMMAND MARKER RUNS
  python3 Scripts/prompt-latency.py '.build-release/release/layerlab' 'layerlab:/>' 50
  python3 Scripts/prompt-latency.py 'docker --version' 'Docker version' 50
Prints the median and the minimum in milliseconds; LAYERLAB_HOME is a scratch folder.
"""
import os, pty, select, time, statistics, sys
def once(argv, marker):
    env = dict(os.environ, LAYERLAB_HOME='/tmp/llprompt', NO_COLOR='1', TERM='xterm')
    t = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(argv[0], argv, env)
    buf = b''
    while marker not in buf:
        r, _, _ = select.select([fd], [], [], 5)
        if not r: break
        try: buf += os.read(fd, 4096)
        except OSError: break
    elapsed = (time.perf_counter() - t) * 1000
    try: os.write(fd, b'exit\n')
    except OSError: pass
    try:
        while os.read(fd, 4096): pass
    except OSError: pass
    os.waitpid(pid, 0)
    return elapsed
argv = sys.argv[1].split(); marker = sys.argv[2].encode(); runs = int(sys.argv[3])
ts = [once(argv, marker) for _ in range(runs)]
print(f'{sys.argv[1]}: median {statistics.median(ts):.1f} ms, min {min(ts):.1f} ms ({runs} runs)')
