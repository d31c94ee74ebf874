#!/usr/bin/env python3
"""Writes dafu's manual pages and its bash completion from the program's --help.

    gendoc.py DAFU OUTDIR VERSION [DATE]

The usage texts in src/cli/ are the one source: this script asks the built
program for `dafu --help` and `dafu CMD --help` for every command that lists, and
turns them into OUTDIR/man1/dafu.1.gz, OUTDIR/man1/dafu-CMD.1.gz (roff, gzip -9n)
and OUTDIR/dafu.bash (commands, options, option values with fixed choices, file
names where a path is taken). A help text it cannot read fails the build.
"""
import gzip
import os
import re
import subprocess
import sys

OPT_RE = re.compile(r"(?<![\w-])(--[a-z][a-z0-9-]*|-[a-zA-Z])(?![\w-])(?:[ =]([A-Z][A-Z_]*)(?![\w-]))?")
FILE_METAS = {"FILE", "PATH"}


def die(msg):
    sys.exit(f"gendoc.py: {msg}")


def run_help(dafu, *args):
    env = dict(os.environ, LC_ALL="C.UTF-8", NO_COLOR="1")
    r = subprocess.run([dafu, *args, "--help"], capture_output=True, env=env)
    if r.returncode != 0 or not r.stdout:
        die(f"'{' '.join([dafu, *args, '--help'])}' failed: {r.stderr.decode(errors='replace')}")
    return r.stdout.decode("utf-8")


class Help:
    """One --help text: its usage, its paragraphs, and what it says of options."""

    def __init__(self, text):
        paras = re.split(r"\n\s*\n", text.strip("\n"))
        if not paras or not paras[0].startswith("usage: "):
            die("a help text does not start with 'usage: '")
        self.usage = " ".join(line.strip() for line in paras[0].splitlines())[len("usage: "):]
        self.paras = [p.splitlines() for p in paras[1:]]


# ---- reading a paragraph: text lines and "  TAG   description" items ----

def items(lines):
    """Yields ('text', line) and ('item', tag, [description lines])."""
    cur = None
    for line in lines:
        if line.startswith("  "):
            ind = len(line) - len(line.lstrip())
            if cur is not None and ind >= cur[3]:
                cur[2].append(line.strip())
                continue
            m = re.match(r"(\s+)(\S.*?)(?:\s{2,}(\S.*))?$", line)
            if cur is not None:
                yield cur[:3]
            desc_col = m.start(3) if m.group(3) else len(line) + 2
            cur = ["item", m.group(2), [m.group(3)] if m.group(3) else [], desc_col]
        else:
            if cur is not None:
                yield cur[:3]
                cur = None
            yield ("text", line)
    if cur is not None:
        yield cur[:3]


# ---- roff ----

def esc(s):
    s = s.replace("\\", "\\e").replace("-", "\\-")
    return s


def line_safe(s):
    return "\\&" + s if s[:1] in (".", "'") else s


def markup(s, metas=False):
    """Escapes s; options bold, and with metas the capitalised placeholders italic."""
    out = []
    pos = 0
    pat = re.compile(r"(?<![\w-])(--?[a-z][a-z0-9-]*)(?![\w])" + (r"|\b([A-Z][A-Z_]*|[A-Z]+\|[A-Z|]+)\b" if metas else ""))
    for m in pat.finditer(s):
        out.append(esc(s[pos:m.start()]))
        if m.group(1):
            out.append("\\fB" + esc(m.group(1)) + "\\fR")
        else:
            out.append("\\fI" + esc(m.group(2)) + "\\fR")
        pos = m.end()
    out.append(esc(s[pos:]))
    return line_safe("".join(out))


def tag_markup(tag):
    if re.match(r"^-", tag):
        return markup(tag, metas=True)
    return markup(tag)


def render_paras(paras):
    out = []
    for lines in paras:
        out.append(".PP")
        after_item = False
        for it in items(lines):
            if it[0] == "text":
                if after_item:
                    out.append(".PP")
                    after_item = False
                out.append(markup(it[1]))
            else:
                out.append(".TP")
                out.append(tag_markup(it[1]))
                out.extend(markup(d) for d in it[2]) if it[2] else out.append("\\&")
                after_item = True
    return out


def header(name, version, date, summary):
    title = esc(name.upper())
    return [
        f'.\\" Generated from "{name.replace("-", " ")} --help" by dist/gendoc.py: edit the usage text in src/cli/.',
        f'.TH {title} 1 "{date}" "dafu {version}" "dafu manual"',
        ".nh",
        ".ad l",
        ".SH NAME",
        f"{esc(name)} \\- {markup(summary)}",
    ]


def synopsis(usage):
    m = re.match(r"(dafu(?: [a-z]+)?)(?: (.*))?$", usage)
    out = [".SH SYNOPSIS", f".B {esc(m.group(1))}"]
    if m.group(2):
        out.append(markup(m.group(2), metas=True))
    return out


def command_page(cmd, summary, h, commands, version, date):
    out = header(f"dafu-{cmd}", version, date, summary)
    out += synopsis(h.usage)
    desc = [p for p in h.paras if not p[0].startswith("Exit status:")]
    status = [p for p in h.paras if p[0].startswith("Exit status:")]
    if desc:
        out.append(".SH DESCRIPTION")
        out += render_paras(desc)
    if status:
        out.append(".SH EXIT STATUS")
        lines = [s for s in status[0]]
        lines[0] = lines[0][len("Exit status:"):].strip()
        out += render_paras([[l for l in lines if l]])
    out.append(".SH SEE ALSO")
    refs = ["dafu"] + [f"dafu-{c}" for c, _ in commands if c != cmd]
    out.append(",\n".join(f".BR {esc(r)} (1)" for r in refs))
    return out


def main_page(h, commands, version, date):
    intro = h.paras[0]
    out = header("dafu", version, date, " ".join(intro))
    whatis = re.sub(r"^dafu\s+", "", " ".join(intro).rstrip("."))
    out[-1] = "dafu \\- " + markup(whatis)
    out += synopsis(h.usage)
    out.append(".SH DESCRIPTION")
    out += render_paras([intro])
    out.append(".PP")
    out.append("Each command has its own page: \\fBdafu\\-search\\fR(1), ...; "
               "\\fBdafu help\\fR \\fIcommand\\fR prints the same text.")
    out.append(".SH COMMANDS")
    for c, summary in commands:
        out.append(".TP")
        out.append(f"\\fB{esc(c)}\\fR")
        out.append(f"{markup(summary)}; see \\fBdafu\\-{esc(c)}\\fR(1).")
    rest = [p for p in h.paras[1:] if p[0] != "Commands:"]
    if rest:
        out.append(".SH OPTIONS")
        out += render_paras(rest)
    out += [
        ".SH ENVIRONMENT",
        ".TP", "\\fBDAFU_DB\\fR", "the archive when \\fB\\-\\-db\\fR is not given (else \\fIdafu.db\\fR).",
        ".TP", "\\fBNO_COLOR\\fR", "when set, hits are not coloured on a terminal.",
        ".SH SEE ALSO",
        ",\n".join(f".BR dafu\\-{esc(c)} (1)" for c, _ in commands) + ",\n.BR sqlite3 (1)",
    ]
    return out


def write_man(path, lines):
    data = ("\n".join(lines) + "\n").encode("utf-8")
    with open(path, "wb") as f:
        with gzip.GzipFile(filename="", mode="wb", fileobj=f, compresslevel=9, mtime=0) as g:
            g.write(data)


# ---- completion ----

def options_of(h, filters, need_db=True):
    """[(name, meta, choices)] in order, from the usage line and the option items."""
    found = {}

    def add(name, meta, choices):
        if name not in found:
            found[name] = [meta, choices]
        else:
            found[name][0] = found[name][0] or meta
            found[name][1] = found[name][1] or choices

    for grp in re.findall(r"\[([^\]]*)\]", h.usage):
        if grp == "FILTERS":
            for name, meta, choices in filters:
                add(name, meta, choices)
            continue
        m = re.match(r"(--?[a-z][a-z0-9-]*)(?: (\S+))?$", grp)
        if not m:
            continue
        meta, choices = m.group(2), []
        if meta and "|" in meta and meta == meta.lower():
            choices, meta = meta.split("|"), "F"
        add(m.group(1), meta, choices)
    for lines in h.paras:
        for it in items(lines):
            if it[0] != "item" or not it[1].startswith("-"):
                continue
            text = it[1] + "  " + " ".join(it[2])
            opts = list(OPT_RE.finditer(text))
            for m in opts:
                choices = []
                if m is opts[0] and len(opts) == 1 and m.group(2):
                    choices = choice_list(" ".join(it[2]))
                add(m.group(1), m.group(2), choices)
    if need_db and "--db" not in found:
        die("a command without --db")
    return [(n, v[0], v[1]) for n, v in found.items()]


def choice_list(desc):
    """'table (default), json, jsonl or csv' -> [table, json, jsonl, csv]; else []."""
    bare = re.sub(r"\s*\([^)]*\)", "", desc).strip()
    parts = re.split(r",\s*|\s+or\s+", bare)
    if len(parts) < 2 or not all(re.fullmatch(r"\w+", p) for p in parts):
        return []
    return parts


def filters_of(search):
    for lines in search.paras:
        if lines[0].startswith("Filters"):
            return options_of(Help("usage: dafu x\n\n" + "\n".join(lines[1:])), [], need_db=False)
    die("dafu search --help has no 'Filters' paragraph")


def positional_files(usage):
    bare = re.sub(r"\[[^\]]*\]", "", usage)
    return bool(re.search(r"\b(PATH|FILE)\b", bare))


def completion(commands, specs):
    names = " ".join(c for c, _ in commands)
    out = [
        "# bash completion for dafu. Generated from dafu --help by dist/gendoc.py:",
        "# edit the usage texts in src/cli/, not this file.",
        "",
        "_dafu_files()",
        "{",
        "    compopt -o filenames 2>/dev/null",
        '    mapfile -t COMPREPLY < <(compgen -P "$2" -f -- "$1")',
        "}",
        "",
        "_dafu_words()",
        "{",
        '    mapfile -t COMPREPLY < <(compgen -P "$2" -W "$1" -- "$3")',
        "}",
        "",
        "_dafu()",
        "{",
        '    local cur=${COMP_WORDS[COMP_CWORD]} prev= opt= pre= cmd=${COMP_WORDS[1]} i',
        "    COMPREPLY=()",
        "    if ((COMP_CWORD == 1)); then",
        f'        _dafu_words "{names} help --help --version" "" "$cur"',
        "        return",
        "    fi",
        "    if [[ $cmd == help ]]; then",
        f'        ((COMP_CWORD == 2)) && _dafu_words "{names}" "" "$cur"',
        "        return",
        "    fi",
        "    prev=${COMP_WORDS[COMP_CWORD - 1]}",
        "    # The option whose value is wanted: --opt VALUE, --opt=VALUE (one word, or",
        "    # three when = breaks words).",
        "    if [[ $cur == --*=* ]]; then",
        '        opt=${cur%%=*} pre=${cur%%=*}= cur=${cur#*=}',
        "    elif [[ $cur == = && $prev == --* ]]; then",
        "        opt=$prev cur=",
        "    elif [[ $prev == = ]] && ((COMP_CWORD > 3)); then",
        "        opt=${COMP_WORDS[COMP_CWORD - 2]}",
        "    elif [[ $prev == -* ]]; then",
        "        opt=$prev",
        "    fi",
        "    local dashdash=",
        "    for ((i = 2; i < COMP_CWORD; i++)); do",
        '        [[ ${COMP_WORDS[i]} == -- ]] && dashdash=1',
        "    done",
        "    local opts= files=",
        "    case $cmd in",
    ]
    for c, _ in commands:
        opts, files = specs[c]
        out.append(f"    {c})")
        out.append(f"        opts='{' '.join(n for n, _, _ in opts)} --help'")
        if files:
            out.append("        files=1")
        if not dashdash_ok(opts):
            die(f"{c}: unexpected option name")
        out.append("        case $opt in")
        for n, meta, choices in opts:
            if not meta:
                continue
            if choices:
                out.append(f'        {n}) _dafu_words "{" ".join(choices)}" "$pre" "$cur"; return ;;')
            elif meta in FILE_METAS:
                out.append(f'        {n}) _dafu_files "$cur" "$pre"; return ;;')
            else:
                out.append(f"        {n}) return ;;")
        out.append("        esac")
        out.append("        ;;")
    out += [
        "    *) return ;;",
        "    esac",
        '    [[ -n $pre ]] && return',
        "    if [[ -z $dashdash && $cur == -* ]]; then",
        '        _dafu_words "$opts" "" "$cur"',
        "    elif [[ -n $files ]]; then",
        '        _dafu_files "$cur"',
        "    fi",
        "}",
        "complete -F _dafu dafu",
    ]
    return out


def dashdash_ok(opts):
    return all(re.fullmatch(r"--?[a-z][a-z0-9-]*", n) for n, _, _ in opts)


def main():
    if len(sys.argv) not in (4, 5):
        die("usage: gendoc.py DAFU OUTDIR VERSION [DATE]")
    dafu, outdir, version = sys.argv[1:4]
    date = sys.argv[4] if len(sys.argv) > 4 else ""
    top = Help(run_help(dafu))
    cmd_para = next((p for p in top.paras if p[0] == "Commands:"), None)
    if not cmd_para:
        die("dafu --help lists no 'Commands:'")
    commands = [(it[1], " ".join(it[2])) for it in items(cmd_para[1:]) if it[0] == "item"]
    if not commands or not all(re.fullmatch(r"[a-z]+", c) and s for c, s in commands):
        die("cannot read the commands in dafu --help")
    helps = {c: Help(run_help(dafu, c)) for c, _ in commands}
    if "search" not in helps:
        die("no search command")
    filters = filters_of(helps["search"])

    man1 = os.path.join(outdir, "man1")
    os.makedirs(man1, exist_ok=True)
    for f in os.listdir(man1):
        os.unlink(os.path.join(man1, f))
    write_man(os.path.join(man1, "dafu.1.gz"), main_page(top, commands, version, date))
    specs = {}
    for c, summary in commands:
        h = helps[c]
        if not h.usage.startswith(f"dafu {c}"):
            die(f"dafu {c} --help: usage does not name 'dafu {c}'")
        write_man(os.path.join(man1, f"dafu-{c}.1.gz"),
                  command_page(c, summary, h, commands, version, date))
        specs[c] = (options_of(h, filters), positional_files(h.usage))
    with open(os.path.join(outdir, "dafu.bash"), "w", encoding="utf-8") as f:
        f.write("\n".join(completion(commands, specs)) + "\n")


if __name__ == "__main__":
    main()
