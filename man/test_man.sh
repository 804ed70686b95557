#!/bin/sh
# test_man: the man pages cannot fall behind the programs, and are clean roff.
#   test_man.sh WUDFRD WUDFCTL MANDIR WUDFFAULT WUDFBENCH
# - every option at the head of a line of `wudfrd --help` is an entry (\fB--option\fR) in wudfrd.8;
# - every command of `wudfctl --help` heads an entry of wudfctl.1, and every --option it prints is
#   in the page;
# - every --option that `wudffault --help` and `wudfbench --help` print (at the head of a line or in
#   the usage line) is a bold entry in wudffault.1 and wudfbench.1;
# - the checks above fail on a page with an option taken out (so they can fail at all);
# - groff (or man) reports no warning for any page.
# Exit 0 passed, 1 failed, 77 (skipped) when neither groff nor man is there for the last check.
set -u
wudfrd=$1
wudfctl=$2
mandir=$3
wudffault=$4
wudfbench=$5
failed=0

fail() {
    echo "test_man: FAIL: $*" >&2
    failed=1
}

pages="wudfrd.8 wudfctl.1 wudffault.1 wudfbench.1 openwudf-inf.5"
for page in $pages; do
    [ -s "$mandir/$page" ] || { echo "test_man: FAIL: $mandir/$page is missing (build the openwudf_man target)" >&2; exit 1; }
done

# Words of $2... that page $1 lacks as a bold term; prints them, fails if there is one.
missing_options() {
    page=$1
    shift
    lacking=""
    for option in "$@"; do
        grep -qF "\\fB$option\\fR" "$page" || lacking="$lacking $option"
    done
    [ -z "$lacking" ] || { echo "$lacking"; return 1; }
}

# Commands of $2... that head no entry of page $1 (a line that starts with \fBcommand).
missing_commands() {
    page=$1
    shift
    lacking=""
    for command in "$@"; do
        grep -qE "^\\\\fB$command(\\\\fR| )" "$page" || lacking="$lacking $command"
    done
    [ -z "$lacking" ] || { echo "$lacking"; return 1; }
}

rd_help=$("$wudfrd" --help) || fail "wudfrd --help exited with $?"
rd_options=$(printf '%s\n' "$rd_help" | sed -n 's/^ *\(--[a-z][a-z0-9-]*\).*/\1/p' | sort -u)
[ "$(printf '%s\n' "$rd_options" | wc -l)" -ge 20 ] || fail "found only these options in wudfrd --help: $rd_options"
# shellcheck disable=SC2086 # one word per option
if lacking=$(missing_options "$mandir/wudfrd.8" $rd_options); then :; else
    fail "wudfrd.8 does not document:$lacking"
fi

ctl_help=$("$wudfctl" --help) || fail "wudfctl --help exited with $?"
# The lines of the command list that start a command (two blanks, then a word), cut before the
# description column; their lowercase words are the commands ("restart | enable | disable DEVICE").
ctl_commands=$(printf '%s\n' "$ctl_help" | sed -n '/^commands:/,/^DEVICE/p' | grep '^  [a-z]' |
    sed 's/   .*//' | tr ' ' '\n' | grep -E '^[a-z]+$' | sort -u)
ctl_options=$(printf '%s\n' "$ctl_help" | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u)
[ "$(printf '%s\n' "$ctl_commands" | wc -l)" -ge 10 ] || fail "found only these commands in wudfctl --help: $ctl_commands"
# shellcheck disable=SC2086
if lacking=$(missing_commands "$mandir/wudfctl.1" $ctl_commands); then :; else
    fail "wudfctl.1 has no entry for the commands:$lacking"
fi
# shellcheck disable=SC2086
if lacking=$(missing_options "$mandir/wudfctl.1" $ctl_options); then :; else
    fail "wudfctl.1 does not mention:$lacking"
fi

# The tools' --help: every option they print, the usage line's too (--endpoint, --seed).
fault_help=$("$wudffault" --help) || fail "wudffault --help exited with $?"
fault_options=$(printf '%s\n' "$fault_help" | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u)
bench_help=$("$wudfbench" --help) || fail "wudfbench --help exited with $?"
bench_options=$(printf '%s\n' "$bench_help" | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u)
[ "$(printf '%s\n' "$fault_options" | wc -l)" -ge 11 ] || fail "found only these options in wudffault --help: $fault_options"
[ "$(printf '%s\n' "$bench_options" | wc -l)" -ge 7 ] || fail "found only these options in wudfbench --help: $bench_options"
# shellcheck disable=SC2086
if lacking=$(missing_options "$mandir/wudffault.1" $fault_options); then :; else
    fail "wudffault.1 does not document:$lacking"
fi
# shellcheck disable=SC2086
if lacking=$(missing_options "$mandir/wudfbench.1" $bench_options); then :; else
    fail "wudfbench.1 does not document:$lacking"
fi

# The checks themselves: a page without one option, or without one command, must fail them.
scratch=$(mktemp -d) || exit 1
trap 'rm -rf "$scratch"' EXIT
# Page $1 with the lines of the first of options $2... taken out must fail the option check.
check_fails_without_one() {
    name=$1
    shift
    grep -vF "\\fB$1\\fR" "$mandir/$name" >"$scratch/$name"
    if missing_options "$scratch/$name" "$@" >/dev/null; then
        fail "the option check passed $name without $1"
    fi
}
# shellcheck disable=SC2086
check_fails_without_one wudfrd.8 $rd_options
# shellcheck disable=SC2086
check_fails_without_one wudffault.1 $fault_options
# shellcheck disable=SC2086
check_fails_without_one wudfbench.1 $bench_options
grep -v '^\\fBshutdown' "$mandir/wudfctl.1" >"$scratch/wudfctl.1"
# shellcheck disable=SC2086
if missing_commands "$scratch/wudfctl.1" $ctl_commands >/dev/null; then
    fail "the command check passed a page without shutdown"
fi

# Roff warnings: any line on standard error is one. tbl for scdoc's tables; UTF-8 input.
if command -v groff >/dev/null 2>&1; then
    lint() { { groff -t -man -ww -z -K utf8 -Tutf8 "$1" >/dev/null; } 2>&1; }
elif command -v man >/dev/null 2>&1; then
    lint() { { MANWIDTH=80 man --warnings -l -Tutf8 "$1" >/dev/null; } 2>&1; }
else
    echo "test_man: neither groff nor man: the pages' roff is not checked" >&2
    [ $failed = 0 ] && exit 77
    exit 1
fi
for page in $pages; do
    warnings=$(lint "$mandir/$page")
    [ -z "$warnings" ] || fail "$page: $warnings"
done
# The check sees warnings at all: a page with an unknown macro must give one.
printf '.TH X 1\n.SH NAME\nx\n.XyzUnknownMacro\n' >"$scratch/bad.1"
[ -n "$(lint "$scratch/bad.1")" ] || fail "the roff check reports nothing for an unknown macro"

[ $failed = 0 ] && echo "test_man: wudfrd.8 has all $(printf '%s\n' "$rd_options" | wc -l) options, wudfctl.1 all" \
    "$(printf '%s\n' "$ctl_commands" | wc -l) commands and $(printf '%s\n' "$ctl_options" | wc -l) options," \
    "wudffault.1 all $(printf '%s\n' "$fault_options" | wc -l), wudfbench.1 all" \
    "$(printf '%s\n' "$bench_options" | wc -l); no roff warnings"
exit $failed
