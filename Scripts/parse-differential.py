#!/usr/bin/env python3
"""Differential check of `layerlab parse --json` against BuildKit's parser.

Generates random Dockerfiles from tricky fragments, parses each with the PyPI package `dockerfile`
(BuildKit v0.12.5's Go parser compiled in) and with layerlab, and prints the cases that differ.

    pip install dockerfile==3.4.0
    swift build
    Scripts/parse-differential.py [SEED] [COUNT]

The only allowed difference is the oracle's rebuilt heredoc text, which drops the tabs before a
`<<-` terminator (see ../shared/corpus/README.md). The oracle is BuildKit 0.12.5; layerlab follows
current BuildKit where the two differ, so cases that reach those differences are skipped:
a JSON array followed by more text (now shell form), `# check=` (now a directive), and flags under a
backtick escape directive (now escaped with the backtick).
"""
import json, os, random, shutil, subprocess, sys, tempfile

import dockerfile

LAYERLAB = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '.build', 'debug', 'layerlab')
frags = ['FROM alpine', 'from  debian:12 AS build', 'RUN echo hi', 'RUN ["echo", "a b"]', 'RUN ["a", 1]', 'RUN [ "x" ] trailing',
 'CMD ["x"', 'CMD [] ', 'ENTRYPOINT ["/bin/sh", "-c"]', 'ENV A=1 B="two words" C=a\\ b', 'ENV A b c', 'ENV A', 'ENV =x', 'LABEL a=b "c d"=e',
 'LABEL x', 'ARG A=1 B', 'ARG', 'COPY --from=build --chown=1:2 /a /b', 'COPY ["a b", "c"]', 'ADD --chmod=755 x y', 'COPY --link a b',
 'RUN --mount=type=cache,target=/root/.cache pip install x', 'RUN --network=none "--x" y', 'EXPOSE 80 443/tcp', 'EXPOSE', 'USER app',
 'WORKDIR /app', 'VOLUME /data /x', 'VOLUME ["/a"]', 'HEALTHCHECK CMD curl -f x', 'HEALTHCHECK --interval=5s CMD ["a"]', 'HEALTHCHECK NONE',
 'HEALTHCHECK', 'SHELL ["/bin/bash", "-c"]', 'STOPSIGNAL SIGTERM', 'ONBUILD RUN echo x', 'ONBUILD COPY --from=a b c', 'ONBUILD ONBUILD RUN x',
 'ONBUILD', 'MAINTAINER me <me@x>', 'FOO bar', 'run echo "quoted \\" here"', "RUN echo 'it''s'", 'RUN echo a \\', '  RUN indented',
 '# comment', '#comment', '   # indented comment', '', '   ', '\t', 'RUN echo a\\\\', 'RUN a \\  ', 'RUN <<EOF', 'RUN <<-EOF cat', 'RUN <<"EOF"',
 "COPY <<'X' /f", 'RUN 3<<EOF cat <&3', 'RUN <<EOF <<EOT', 'RUN <<', 'RUN x<<EOF', 'RUN cat <<$V', 'EOF', '\tEOF', 'EOT', 'X', 'hello world',
 'RUN echo "unterminated', "RUN echo 'unterminated", 'ENV a="b c', 'CMD echo $HOME ${X:-y}', 'RUN echo ` `', 'RUN echo `', '`',
 'COPY --chown="a b" x y', "COPY --x='q' a", 'COPY --x=\\" a', 'RUN --', 'RUN -- x', 'RUN --a --b=c', 'ENV a=b\\', 'LABEL "a"=\'b\'',
 'FROM --platform=$BUILDPLATFORM golang AS b', 'ARG V=${X:-1}', 'RUN echo é ü →', 'ENV é=à', 'COPY --chown=àb x y', 'RUN echo\u00a0nbsp',
 'CMD ["\\u00e9", "\\ud83d\\ude00", "\\ud800"]', 'CMD ["a\\tb"]', 'CMD ["bad\\x"]', 'CMD [\'single\']', 'CMD [true]', 'CMD [{"a":1}]', 'CMD [[]]',
 'ENV a=', 'ENV a=""', "ENV 'a'=b", 'RUN \\', '\\', 'RUN x \\\\\\', '# escape=`', '# escape=\\', '# syntax=docker/dockerfile:1', '#syntax = a b ',
 '# ESCAPE = `', '# foo=bar', '#escape=x', 'RUN\u00a0echo nbsp-sep', 'ENV A\u3000b', 'LABEL a=b\u0085c=d', '\u3000RUN x\u3000', 'EXPOSE 1\u00a02', 'COPY --a=\u00e0\u0085 x y', 'HEALTHCHECK CMD\u00a0x', 'CMD ["a"]\u3000', 'USER \u2003bob\u2003', 'ARG a\u00a0b=c', 'ENV x y\u00a0\\', 'RUN a \\\u00a0']
directive_heads = ['# escape=`', '# syntax=docker/dockerfile:1', '#escape=\\', '# ESCAPE=`', '', '# directive=x', '  # escape=`']


def generate(rng):
    lines = []
    if rng.random() < 0.3:
        lines += rng.sample(directive_heads, rng.randint(1, 2))
    risky = {'RUN ["a", 1]', 'CMD [true]', 'CMD [{"a":1}]', 'CMD [[]]', 'ENV A', 'LABEL x', 'ENV =x', '#escape=x'}
    for _ in range(rng.randint(1, 12)):
        fragment = rng.choice(frags)
        while fragment in risky and rng.random() < 0.9:
            fragment = rng.choice(frags)
        lines.append(fragment)
        if '<<' in fragment and rng.random() < 0.8:
            lines += rng.sample(['body line', '\tbody', '$X ${Y}', 'EOF', '\tEOF', 'EOT', 'X', 'EOF', 'EOT'], 3)
    eol = rng.choice(['\n', '\n', '\n', '\r\n', '\r'])
    text = eol.join(lines) + rng.choice([eol, ''])
    if rng.random() < 0.05:
        text = '\ufeff' + text
    return text


def known_difference(text):
    """Why BuildKit 0.12.5 and current BuildKit may disagree on this text, or None."""
    head = text.lstrip('\ufeff').replace('\r\n', '\n').replace('\r', '\n').split('\n')[:3]
    if any(line.strip().lower().startswith(('# check', '#check')) for line in head):
        return 'check directive'
    if any('escape' in line.lower() and '`' in line for line in head) and '--' in text:
        return 'flags under a backtick escape'
    return None


def trailing_json(expected, text):
    """True when the oracle read an exec form that has more text after the array."""
    if expected == {'error': 'when using JSON array syntax, arrays must be comprised of strings only'}:
        # Current BuildKit reports this only for an array that is the whole rest of the line.
        for line in text.split('\n'):
            if '[' in line:
                try:
                    if any(not isinstance(item, str) for item in json.loads(line[line.index('['):])):
                        return False
                except (ValueError, TypeError):
                    pass
        return True
    if not isinstance(expected, list):
        return False
    for command in expected:
        original = command['original'] or ''
        if command['json'] and '[' in original:
            try:
                json.loads(original[original.index('['):])
            except ValueError:
                return True
    return False


def oracle(text):
    try:
        commands = dockerfile.parse_string(text)
    except dockerfile.GoParseError as error:
        return {'error': str(error)}
    return [dict(cmd=c.cmd, sub_cmd=c.sub_cmd, json=c.json, original=c.original, start_line=c.start_line,
                 end_line=c.end_line, flags=list(c.flags), value=list(c.value),
                 heredocs=[dict(name=h.name, file_descriptor=h.file_descriptor, content=h.content) for h in c.heredocs])
            for c in commands]


def without_terminator_tabs(result):
    if not isinstance(result, list):
        return result
    return [dict(c, original='\n'.join(l.lstrip('\t') for l in (c['original'] or '').split('\n'))) for c in result]


def main():
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    rng = random.Random(seed)
    folder = tempfile.mkdtemp(prefix='parse-differential-')
    compared = differing = 0
    try:
        for index in range(count):
            text = generate(rng)
            if known_difference(text):
                continue
            try:
                expected = oracle(text)
            except UnicodeDecodeError:
                continue  # the oracle cannot return invalid UTF-8; nothing to compare
            if trailing_json(expected, text):
                continue
            path = os.path.join(folder, 'Dockerfile')
            with open(path, 'w', encoding='utf-8', newline='') as handle:
                handle.write(text)
            run = subprocess.run([LAYERLAB, 'parse', '--json', path], capture_output=True)
            actual = json.loads(run.stdout)
            compared += 1
            if without_terminator_tabs(expected) != without_terminator_tabs(actual):
                differing += 1
                print('---- case', index, repr(text))
                print('  oracle  ', expected)
                print('  layerlab', actual)
    finally:
        shutil.rmtree(folder)
    print(f'{differing} differ of {compared}')
    sys.exit(1 if differing else 0)


if __name__ == '__main__':
    main()
