#!/usr/bin/env bash
# test_bash_completion: what wudfctl's completion offers, with bash-completion's helpers loaded
# (as bash-completion loads the file) and without them.
#   test_bash_completion.sh COMPLETION_FILE WUDFCTL
# Commands and options, INF files, --allow entries, the devices a wudfctl lists (a stand-in that
# prints a known `--json list`), and that a wudfctl that never answers, or a reflector that is not
# there, costs at most the completion's bound and offers nothing.
completion=$1
wudfctl=$2
export LC_ALL=C # sort order of the expectations

scratch=$(mktemp -d) || exit 1
trap 'rm -rf "$scratch"' EXIT
mkdir "$scratch/inf" "$scratch/inf/sub"
: >"$scratch/inf/echo.inf"
: >"$scratch/inf/OTHER.INF"
: >"$scratch/inf/notes.txt"
: >"$scratch/inf/reflector.sys"

# A wudfctl that answers `--json list` with two devices, and notes how it was called.
cat >"$scratch/fake-wudfctl" <<EOF
#!/bin/sh
printf '%s\n' "\$*" >"$scratch/fake-args"
cat <<'JSON'
{"status":"0x00000000","status_name":"STATUS_SUCCESS","message":"","devices":[{"device":"ROOT\\\\ECHO\\\\0000","state":"started","symlinks":["\\\\DosDevices\\\\Echo0"]},{"device":"ROOT\\\\ECHO\\\\0001","state":"failed","symlinks":[]}]}
JSON
EOF
# A wudfctl that never answers.
printf '#!/bin/sh\nexec tail -f /dev/null\n' >"$scratch/stuck-wudfctl"
chmod +x "$scratch/fake-wudfctl" "$scratch/stuck-wudfctl"

# Sets what bash sets for a completion of WORD... (the last one is being completed) and calls the
# completion function. COMP_LINE may be given for words bash splits at a ':'.
complete_words()
{
    COMP_WORDS=("$@")
    COMP_CWORD=$(($# - 1))
    COMP_LINE=${line:-"$*"}
    COMP_POINT=${#COMP_LINE}
    COMPREPLY=()
    _wudfctl
}

# expect WHAT "SORTED REPLIES": the replies, sorted, one space between.
expect()
{
    local got
    got=$(printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ')
    got=${got% }
    if [[ $got != "$2" ]]; then
        echo "FAIL [$mode] $1: got '$got', want '$2'"
        failed=1
    fi
}

run_cases()
{
    failed=0
    local d=$scratch/inf fake=$scratch/fake-wudfctl

    complete_words wudfctl ''
    expect "commands" "delete-driver disable drivers enable events help install interfaces ioctl kernel list packages property read remove restart resume shutdown status suspend update wake write"
    complete_words wudfctl re
    expect "commands starting re" "read remove restart resume"
    complete_words wudfctl --
    expect "global options" "--endpoint --help --json --timeout-ms --version"
    complete_words wudfctl --json --timeout-ms 500 st
    expect "a command after global options" "status"
    complete_words wudfctl install --
    expect "install's options" "--allow --hwid --new-device --setting"
    complete_words wudfctl install "$d/"
    expect "INF files and directories" "$d/OTHER.INF $d/echo.inf $d/sub"
    complete_words wudfctl install "$d/ec"
    expect "an INF file by its start" "$d/echo.inf"
    complete_words wudfctl install "$d/echo.inf" ''
    expect "no second INF" ""
    complete_words wudfctl install "$d/echo.inf" --allow ''
    expect "--allow entries" "everyone group: user:"
    complete_words wudfctl help re
    expect "help's commands" "read remove restart resume"
    complete_words wudfctl kernel ''
    expect "kernel subcommands" "install remove status"
    complete_words wudfctl kernel install "$d/"
    expect "a reflector.sys" "$d/reflector.sys $d/sub"
    complete_words wudfctl ioctl '\\.\Echo0' 0x222008 -
    expect "ioctl's option" "--out"
    complete_words wudfctl write '\\.\Echo0' -
    expect "write's option" "--hex"
    complete_words wudfctl property 'ROOT\ECHO\0000' --
    expect "property's options" "--delete --delete-key --key --subkey"
    complete_words wudfctl property 'ROOT\ECHO\0000' --key ''
    expect "property's keys" "dp hw sw"
    complete_words wudfctl events -
    expect "events' options" "--follow --since -f"

    complete_words "$fake" status ''
    expect "devices: instance ids and links" 'ROOT\ECHO\0000 ROOT\ECHO\0001 \\.\Echo0'
    complete_words "$fake" restart R
    expect "devices starting R" 'ROOT\ECHO\0000 ROOT\ECHO\0001'
    complete_words "$fake" read "'\\\\.\\E"
    expect "a link typed in quotes" '\\.\Echo0'
    complete_words "$fake" write '\\\\.\\E'
    expect "a link typed with escapes" '\\.\Echo0'
    complete_words "$fake" remove 'ROOT\\ECHO\\0000' ''
    expect "one device only" ""
    complete_words "$fake" --endpoint "$scratch/r.sock" disable ''
    expect "devices of another endpoint" 'ROOT\ECHO\0000 ROOT\ECHO\0001 \\.\Echo0'
    if [[ $(cat "$scratch/fake-args") != "--endpoint $scratch/r.sock --timeout-ms 1500 --json list" ]]; then
        echo "FAIL [$mode] wudfctl was asked: $(cat "$scratch/fake-args")"
        failed=1
    fi
    : >"$scratch/fake-args"
    complete_words "$fake" disable --endpoint "$scratch/s.sock" ''
    expect "devices, --endpoint after the command" 'ROOT\ECHO\0000 ROOT\ECHO\0001 \\.\Echo0'
    if [[ $(cat "$scratch/fake-args") != "--endpoint $scratch/s.sock --timeout-ms 1500 --json list" ]]; then
        echo "FAIL [$mode] wudfctl was asked: $(cat "$scratch/fake-args")"
        failed=1
    fi

    # Bounded: a wudfctl that never answers, and the real one with no reflector behind the endpoint.
    local start=$EPOCHREALTIME
    complete_words "$scratch/stuck-wudfctl" status ''
    expect "a wudfctl that never answers" ""
    complete_words "$wudfctl" --endpoint "$scratch/none.sock" enable ''
    expect "no reflector" ""
    local spent=$((${EPOCHREALTIME/./} / 1000 - ${start/./} / 1000))
    if ((spent > 10000)); then
        echo "FAIL [$mode] completing devices without an answer took $spent ms"
        failed=1
    fi

    if [[ $mode == bash-completion ]]; then
        # bash splits user:ro at the ':'; bash-completion joins it again and trims the reply.
        line="wudfctl install x.inf --allow user:ro" complete_words wudfctl install x.inf --allow user : ro
        [[ " ${COMPREPLY[*]} " == *" root "* ]] || {
            echo "FAIL [$mode] --allow user:ro offered '${COMPREPLY[*]}', not root"
            failed=1
        }
    fi
    return $failed
}

status=0
helpers=/usr/share/bash-completion/bash_completion
if [[ -r $helpers ]]; then
    (
        # shellcheck source=/dev/null
        . "$helpers"
        # shellcheck source=/dev/null
        . "$completion"
        mode=bash-completion
        run_cases
    ) || status=1
else
    echo "test_bash_completion: no $helpers: only the plain bash cases run"
fi
(
    # shellcheck source=/dev/null
    . "$completion"
    mode=plain
    run_cases
) || status=1
[[ $status == 0 ]] && echo "test_bash_completion: passed"
exit $status
