#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into tests/fuzz/corpus/<target>/.

Seeds are small, named for what they exercise, and rebuilt from this file (run it after changing
it; it replaces every seed file it owns and keeps nothing else). Wire seeds follow
inc/openwudf/proto.h; the regression inputs of crashes found by fuzzing are at the end.
"""
import os
import shutil
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join(HERE, "corpus")

MAGIC = 0x46445557
HELLO, IRP, COMPLETE, CANCEL, PING, PONG = 1, 2, 3, 4, 5, 6
DEVICE_START, DEVICE_STARTED, DEVICE_STOP, DEVICE_STOPPED, HOST_EVENT = 7, 8, 9, 10, 11
TOOL_REQUEST, TOOL_REPLY, RING = 12, 13, 14
# The fast path's marks (inc/openwudf/ring.h): a create asking for a ring, a cancel naming a ring
# request, a host's confirmation of such a cancel; and the kinds of descriptor a RING carries.
FAST_PATH = 1
FD_BELL, FD_RING, FD_NOTIFY = 1, 2, 3
CLIENT, HOST, TOOL = 1, 2, 3
MJ_CREATE, MJ_CLOSE, MJ_READ, MJ_WRITE, MJ_IOCTL, MJ_INTERNAL_IOCTL, MJ_CLEANUP = 0, 2, 3, 4, 0xE, 0xF, 0x12

# size type flags irp_id device_id file_id major minor reserved0 ioctl input output status reserved1
# information offset: the 64-byte header of proto.h.
HEADER = struct.Struct("<IHHQIIBBHIIIIIQQ")
assert HEADER.size == 64


def msg(kind, payload=b"", irp_id=0, file_id=0, major=0, ioctl=0, output=0, status=0, information=0,
        offset=0, input_length=None, size=None, minor=0):
    if input_length is None:
        input_length = len(payload) if kind == IRP else 0
    if size is None:
        size = HEADER.size + len(payload)
    return HEADER.pack(size, kind, 0, irp_id, 0, file_id, major, minor, 0, ioctl, input_length, output,
                       status & 0xFFFFFFFF, 0, information, offset) + payload


def hello(role, magic=MAGIC, major=1):
    return msg(HELLO, struct.pack("<IHHII", magic, major, 0, role, 4242))


def kv(*pairs):
    out = struct.pack("<I", len(pairs))
    for key, value in pairs:
        k, v = key.encode(), value.encode()
        out += struct.pack("<HI", len(k), len(v)) + k + v
    return out


def irp(major, irp_id, file_id, data=b"", output=0, ioctl=0, offset=0):
    return msg(IRP, data, irp_id=irp_id, file_id=file_id, major=major, ioctl=ioctl, output=output, offset=offset)


def create(irp_id, file_id, name, minor=0):
    return msg(IRP, name.encode(), irp_id=irp_id, file_id=file_id, major=MJ_CREATE, minor=minor)


def tool(*pairs, irp_id=1):
    return msg(TOOL_REQUEST, kv(*pairs), irp_id=irp_id)


def complete(irp_id, status=0, data=b"", information=None):
    return msg(COMPLETE, data, irp_id=irp_id, status=status,
               information=len(data) if information is None else information)


ECHO = "ROOT\\FUZZ\\0000"
# "!WAIT" lets the reflector settle, as a client waits for its create to complete.
WAIT = b"!WAIT"
OPEN = create(1, 1, ECHO) + WAIT

CLIENT_SEEDS = {
    "client-hello": hello(CLIENT),
    "tool-hello": hello(TOOL),
    "open-io-close": hello(CLIENT) + OPEN + irp(MJ_READ, 2, 1, output=16) + irp(MJ_WRITE, 3, 1, b"abc")
    + irp(MJ_IOCTL, 4, 1, b"12345678", output=8, ioctl=0x222000) + irp(MJ_CLEANUP, 5, 1)
    + irp(MJ_CLOSE, 6, 1),
    "open-by-link-cancel": hello(CLIENT) + create(1, 1, "\\\\.\\FuzzEcho\\sub") + WAIT
    + irp(MJ_INTERNAL_IOCTL, 2, 1, b"abcd", output=4, ioctl=0x220003) + msg(CANCEL, irp_id=2)
    + irp(MJ_CLOSE, 3, 1),
    "held-then-gone": hello(CLIENT) + OPEN + irp(MJ_READ, 2, 1, output=8, offset=1)
    + irp(MJ_WRITE, 3, 1, b"x", offset=1),
    "open-in-flight-then-gone": hello(CLIENT) + OPEN,
    "create-denied": hello(CLIENT) + create(1, 1, "\\??\\FuzzEcho\\deny") + WAIT + irp(MJ_READ, 2, 1, output=4),
    "pipelined": hello(CLIENT) + create(1, 1, ECHO) + irp(MJ_READ, 2, 1, output=4) + irp(MJ_CLOSE, 3, 1),
    "create-not-ready": hello(CLIENT) + create(1, 1, "ROOT\\FUZZ\\0003") + create(2, 2, "ROOT\\FUZZ\\0001")
    + create(3, 3, "ROOT\\FUZZ\\0002") + create(4, 4, "ROOT\\NOPE\\0000") + irp(MJ_CREATE, 5, 5),
    "reused-pending-id": hello(CLIENT) + OPEN + irp(MJ_READ, 2, 1, output=8, offset=1)
    + irp(MJ_READ, 2, 1, output=8),
    "duplicate-file-id": hello(CLIENT) + OPEN + create(2, 1, ECHO) + create(3, 0, ECHO),
    "close-twice": hello(CLIENT) + OPEN + irp(MJ_CLOSE, 2, 1) + irp(MJ_CLOSE, 3, 1) + irp(MJ_READ, 4, 1, output=1),
    "complete-from-client": hello(CLIENT) + complete(1),
    "second-hello": hello(CLIENT) + hello(CLIENT),
    "no-hello": OPEN,
    "host-role-claimed": hello(HOST),
    "bad-magic": hello(CLIENT, magic=0x12345678),
    "bad-version": hello(CLIENT, major=2),
    "lying-input-length": hello(CLIENT) + msg(IRP, b"abcd", file_id=1, major=MJ_WRITE, input_length=9),
    "size-too-small": hello(CLIENT) + msg(PING, size=12),
    "size-too-large": hello(CLIENT) + struct.pack("<I", 0xFFFFFFFF) + bytes(60),
    "truncated-header": hello(CLIENT) + OPEN[:30],
    "open-twice-pipelined": hello(CLIENT) + OPEN + irp(MJ_READ, 2, 1, output=8, offset=1)
    + irp(MJ_CLOSE, 3, 1) + WAIT + msg(CANCEL, irp_id=2) + WAIT + irp(MJ_READ, 4, 1, output=2),
    "tool-status-all": hello(TOOL) + tool(("op", "status")),
    "tool-status-device": hello(TOOL) + tool(("op", "status"), ("device", ECHO))
    + tool(("op", "status"), ("device", "\\??\\FuzzEcho"), irp_id=2),
    "tool-disable": hello(TOOL) + tool(("op", "disable"), ("device", ECHO)),
    "tool-enable": hello(TOOL) + tool(("op", "enable"), ("device", "ROOT\\FUZZ\\0001")),
    "tool-restart": hello(TOOL) + tool(("op", "restart"), ("device", ECHO)),
    "tool-restart-disabled": hello(TOOL) + tool(("op", "restart"), ("device", "ROOT\\FUZZ\\0001")),
    "tool-remove": hello(TOOL) + tool(("op", "remove"), ("device", "ROOT\\FUZZ\\0002")),
    "tool-remove-starting": hello(TOOL) + tool(("op", "remove"), ("device", "ROOT\\FUZZ\\0003")),
    "tool-install": hello(TOOL) + tool(("op", "install"), ("inf", "/tmp/openwudf-fuzz.inf")),
    "tool-install-hwid-settings": hello(TOOL) + tool(("op", "install"), ("inf", "/tmp/openwudf-fuzz.inf"),
                                                     ("hwid", "root\\fuzzinst"), ("setting.mode", "1")),
    "tool-install-acl": hello(TOOL) + tool(("op", "install"), ("inf", "/tmp/openwudf-fuzz.inf"),
                                           ("acl", " user:root , group:root,everyone,user: ")),
    "tool-install-usb-package": hello(TOOL) + tool(("op", "install"), ("inf", "/tmp/openwudf-fuzz.inf"),
                                                   ("hwid", "USB\\VID_0547&PID_1002"), ("acl", "group:root")),
    "tool-info": hello(TOOL) + tool(("op", "info")),
    "tool-install-missing": hello(TOOL) + tool(("op", "install"), ("inf", "/nonexistent/x.inf"))
    + tool(("op", "install"), irp_id=2),
    "tool-unknown": hello(TOOL) + tool(("op", "frobnicate"), ("device", ECHO)) + tool(("device", ECHO), irp_id=2)
    + tool(("op", "status"), ("device", "ROOT\\NOPE"), irp_id=3),
    "tool-irp": hello(TOOL) + OPEN,
    "client-tool-request": hello(CLIENT) + tool(("op", "status")),
    # The fast path: the reflector passes the eventfd, then the bell and the ring once the host
    # acked it; ring requests' cancels go to the host by tag; the rest stays on the socket.
    "fast-path-open": hello(CLIENT) + create(1, 1, ECHO, FAST_PATH) + WAIT + irp(MJ_READ, 2, 1, output=8)
    + msg(CANCEL, irp_id=7, file_id=1, minor=FAST_PATH) + msg(CANCEL, irp_id=7, file_id=1, minor=FAST_PATH)
    + irp(MJ_CLEANUP, 3, 1) + irp(MJ_CLOSE, 4, 1),
    "fast-path-two-files": hello(CLIENT) + create(1, 1, ECHO, FAST_PATH) + create(2, 2, "\\??\\FuzzEcho", FAST_PATH)
    + WAIT + irp(MJ_CLOSE, 3, 1) + msg(CANCEL, irp_id=1, file_id=2, minor=FAST_PATH),
    "fast-path-not-started": hello(CLIENT) + create(1, 1, "ROOT\\FUZZ\\0003", FAST_PATH)
    + msg(CANCEL, irp_id=1, file_id=9, minor=FAST_PATH),
}

# Several connections: "!CONN" hands the next piece to the next connection (of three, in turn);
# "!ANON" too, and the connection it opens is an unprivileged user's.
NEXT = b"!CONN"
CLIENT_SEEDS.update({
    "fast-path-then-disable": hello(CLIENT) + create(1, 1, ECHO, FAST_PATH) + WAIT + NEXT + hello(TOOL)
    + tool(("op", "disable"), ("device", ECHO)) + NEXT + NEXT
    + msg(CANCEL, irp_id=5, file_id=1, minor=FAST_PATH),
    "multi-remove-while-open": hello(CLIENT) + OPEN + irp(MJ_READ, 2, 1, output=8, offset=1) + NEXT
    + hello(TOOL) + tool(("op", "remove"), ("device", ECHO)) + NEXT
    + hello(CLIENT) + create(1, 1, "\\??\\FuzzEcho") + WAIT + NEXT
    + irp(MJ_READ, 3, 1, output=4) + irp(MJ_CLOSE, 4, 1),
    "multi-disable-while-pending": hello(CLIENT) + OPEN + irp(MJ_IOCTL, 2, 1, b"ab", output=2, ioctl=0x222003)
    + NEXT + hello(TOOL) + tool(("op", "disable"), ("device", ECHO)) + NEXT + NEXT
    + msg(CANCEL, irp_id=2) + irp(MJ_CLOSE, 3, 1),
    "multi-restart-while-open": hello(CLIENT) + OPEN + NEXT + hello(TOOL)
    + tool(("op", "restart"), ("device", ECHO)) + NEXT + NEXT + irp(MJ_WRITE, 2, 1, b"late"),
    "anon-open": b"!ANON" + hello(CLIENT) + OPEN + irp(MJ_READ, 2, 1, output=4) + irp(MJ_CLOSE, 3, 1),
    "anon-open-denied": b"!ANON" + hello(CLIENT) + create(1, 1, "ROOT\\FUZZ\\0002") + WAIT
    + create(2, 2, "ROOT\\FUZZ\\0003"),
    "anon-tool-denied": b"!ANON" + hello(TOOL) + tool(("op", "disable"), ("device", ECHO))
    + tool(("op", "status"), ("device", ECHO), irp_id=2) + tool(("op", "install"), ("inf", "x"), irp_id=3),
    # op=events answers in parts; a follower's parts keep coming as the disable is recorded.
    "events-history": hello(TOOL) + tool(("op", "events")) + tool(("op", "events"), ("device", ECHO), irp_id=2)
    + tool(("op", "events"), ("since_ms", "x"), irp_id=3),
    "events-follow-then-disable": hello(TOOL) + tool(("op", "events"), ("follow", "1")) + NEXT + hello(TOOL)
    + tool(("op", "disable"), ("device", ECHO)) + NEXT + NEXT + tool(("op", "events"), ("follow", "1"), irp_id=2),
    "multi-two-clients": hello(CLIENT) + OPEN + NEXT + hello(CLIENT) + OPEN + NEXT + NEXT
    + irp(MJ_CLOSE, 2, 1) + NEXT + irp(MJ_READ, 2, 1, output=3, offset=1),
})


def at(scenario, data=b""):
    return bytes([scenario]) + data


HOST_SEEDS = {
    "0-hello-started": at(0, hello(HOST) + msg(DEVICE_STARTED, kv(("symlink", "\\??\\FuzzHost")))
                          + msg(HOST_EVENT, kv(("event", "symlink"), ("name", "\\??\\Other")))),
    "0-hello-only": at(0, hello(HOST)),
    "0-add-fails": at(0, hello(HOST) + msg(DEVICE_STARTED, kv(("message", "OnDeviceAdd failed")),
                                           status=0xC0000001)),
    "0-no-hello": at(0, msg(DEVICE_STARTED, kv())),
    "0-client-role": at(0, hello(CLIENT)),
    "1-started-two-links": at(1, msg(DEVICE_STARTED, kv(("symlink", "\\??\\A"), ("symlink", "\\DosDevices\\B")))),
    "1-start-fails": at(1, msg(DEVICE_STARTED, kv(("message", "OnPrepareHardware failed")), status=0xC000009A)),
    "1-complete-early": at(1, complete(1)),
    "1-pong-unasked": at(1, msg(PONG, irp_id=1)),
    "1-event-then-started": at(1, msg(HOST_EVENT, kv(("event", "symlink"), ("name", "\\??\\Early")))
                               + msg(DEVICE_STARTED, kv())),
    "2-complete-all": at(2, complete(2, status=0xC0000120) + complete(3, data=b"0123456789abcdef")
                         + complete(4, information=8) + complete(5) + msg(PONG, irp_id=1)),
    "2-complete-unknown": at(2, complete(99)),
    "2-complete-twice": at(2, complete(3) + complete(3)),
    "2-too-much-data": at(2, complete(2, data=bytes(33))),
    "2-information-clamped": at(2, complete(3, information=1000) + complete(4, information=9)
                                + complete(2, data=b"abc", information=1)),
    "2-create-fails": at(2, complete(5, status=0xC0000022)),
    "2-stopped-unasked": at(2, msg(DEVICE_STOPPED)),
    "2-started-again": at(2, msg(DEVICE_STARTED, kv())),
    "2-second-hello": at(2, hello(HOST)),
    "2-pong-wrong-id": at(2, msg(PONG, irp_id=2)),
    "2-pong-then-complete": at(2, msg(PONG, irp_id=1) + complete(4, information=8)),
    "2-many-links": at(2, b"".join(msg(HOST_EVENT, kv(("event", "symlink"), ("name", "\\??\\L%d" % i)))
                                   for i in range(10))),
    "2-host-sends-irp": at(2, irp(MJ_READ, 7, 1, output=4)),
    "2-host-sends-tool-request": at(2, tool(("op", "status"))),
    "2-garbage": at(2, bytes(range(97))),
    # The fast path: file 1 has a ring, ring request 77's cancel awaits the host's confirmation.
    "2-ring-cancel-confirmed": at(2, msg(COMPLETE, irp_id=77, file_id=1, minor=FAST_PATH)
                                  + msg(COMPLETE, irp_id=77, file_id=1, minor=FAST_PATH)),
    "2-ring-cancel-wrong-file": at(2, msg(COMPLETE, irp_id=77, file_id=2, minor=FAST_PATH) + complete(3)),
    "2-ring-acks": at(2, msg(RING, file_id=1, minor=FD_RING) + msg(RING, file_id=2, minor=FD_RING, status=0xC000009A)
                      + msg(RING, minor=FD_BELL) + msg(RING, file_id=1, minor=9)),
    "2-ring-fails-create": at(2, complete(5, status=0xC0000022) + msg(RING, file_id=2, minor=FD_RING)),
    "2-bad-kv": at(2, msg(HOST_EVENT, struct.pack("<IHI", 1, 3, 100) + b"abc")),
    "2-client-leaves": at(2, complete(3) + b"!CONN" + complete(6) + complete(7) + complete(4) + complete(5)),
    "2-client-leaves-create-ok": at(2, complete(5) + b"!CONN" + complete(2, status=0xC0000120) + complete(6)
                                    + complete(7) + complete(8) + complete(9)),
    "3-client-leaves-while-stopping": at(3, b"!CONN" + complete(6) + msg(DEVICE_STOPPED)),
    "3-stopped": at(3, complete(3, data=b"x") + msg(DEVICE_STOPPED)),
    "3-stopped-leaking": at(3, msg(DEVICE_STOPPED, information=3)),
    "3-complete-after-stop": at(3, msg(DEVICE_STOPPED) + complete(2)),
}

KV_SEEDS = {
    "kv-empty": kv(),
    "kv-one": kv(("op", "status")),
    "kv-repeated": kv(("device", "A"), ("state", "started"), ("device", "B"), ("state", "failed")),
    "kv-number": kv(("count", "18446744073709551615"), ("n", "18446744073709551616"), ("x", "12a")),
    "kv-quotes": kv(("message", "say \"hi\" = \\ ok\n")),
    "kv-long-value": kv(("v", "x" * 3000)),
    "kv-lying-length": struct.pack("<IHI", 1, 2, 1000) + b"opxx",
    "kv-bad-key": kv(("Op", "x")),
    "msg-hello": hello(CLIENT),
    "msg-irp": irp(MJ_IOCTL, 9, 3, b"data", output=12, ioctl=0x222000),
    "msg-complete": complete(9, data=b"result"),
    "msg-tool-reply": msg(TOOL_REPLY, kv(("device", "ROOT\\ECHO\\0000"), ("state", "started"))),
    "msg-device-start": msg(DEVICE_START, kv(("instance_id", "ROOT\\ECHO\\0000"), ("service_count", "1"))),
    "stream-three": hello(TOOL) + tool(("op", "status")) + msg(PING, irp_id=3),
    "stream-bad-second": hello(CLIENT) + msg(PING, size=20) + bytes(16),
    "stream-partial": hello(CLIENT) + OPEN[:40],
}


def inf_piece(**replace):
    pieces = {
        "version": "[Version]\nSignature=\"$Windows NT$\"\nClass=Sample\n"
                   "ClassGuid={78a1c341-4539-11d3-b88d-00c04fad5171}\nProvider=%Prov%\n"
                   "DriverVer=1/2/2024,1.2.3.4\n",
        "mfg": "[Manufacturer]\n%Mfg%=Models,NTamd64\n",
        "models": "[Models.NTamd64]\n%Desc%=Inst,ROOT\\TEST\n",
        "inst": "[Inst.NT]\nCopyFiles=Files\n",
        "wdf": "[Inst.NT.Wdf]\nUmdfService=Svc,Svc_Install\nUmdfServiceOrder=Svc\n",
        "svc": "[Svc_Install]\nUmdfLibraryVersion=1.11.0\n"
               "DriverCLSID={A1B8E9F2-0C4D-4E5A-9F61-2B7C3D8E4F50}\nServiceBinary=%12%\\UMDF\\Svc.dll\n",
        "strings": "[Strings]\nProv=P\nMfg=M\nDesc=D\n",
    }
    pieces.update(replace)
    return "".join(pieces[k] for k in ("version", "mfg", "models", "inst", "wdf", "svc", "strings")).encode()


def inf_seeds():
    seeds = {}
    for name in sorted(os.listdir(os.path.join(SOURCE, "inf"))):
        if name.endswith(".inf"):
            with open(os.path.join(SOURCE, "inf", name), "rb") as f:
                seeds["file-" + name[:-4]] = f.read()
    echo = seeds["file-echo"].decode()
    seeds["echo-utf16"] = b"\xff\xfe" + echo.replace("\n", "\r\n").encode("utf-16-le")
    seeds["echo-utf8-bom-crlf"] = b"\xef\xbb\xbf" + echo.replace("\n", "\r\n").encode()
    seeds["minimal"] = inf_piece()
    seeds["decorations"] = inf_piece(
        mfg="[Manufacturer]\n%Mfg%=Models,NTx86,NT.6.1,NTamd64.10.0\nOther=Gone,NTarm64\n",
        models="[Models.NTamd64.10.0]\n%Desc%=Inst,ROOT\\TEST,ROOT\\COMPAT\n[Models.NT.6.1]\n%Desc%=Inst,ROOT\\NT\n"
               "[Models.NTx86]\n%Desc%=Inst,ROOT\\X86\n")
    seeds["two-services"] = inf_piece(
        wdf="[Inst.NT.Wdf]\nUmdfService=Svc,Svc_Install\nUmdfService=Two,Two_Install\n"
            "UmdfServiceOrder=Two,Svc\nUmdfDispatcher=WinUsb\nUmdfHostProcessSharing=ProcessSharingDisabled\n"
            "UmdfImpersonationLevel=Delegation\nUmdfKernelModeClientPolicy=AllowKernelModeClients\n",
        svc="[Svc_Install]\nUmdfLibraryVersion=1.9\nDriverCLSID={A1B8E9F2-0C4D-4E5A-9F61-2B7C3D8E4F50}\n"
            "ServiceBinary=%13%\\Svc.dll\n[Two_Install]\nUmdfLibraryVersion=1.11.0\n"
            "DriverCLSID={5C3E1A7B-9D2F-4B6E-8A1C-7F0E2D4B6A93}\nServiceBinary=%1%\\Two.dll\n")
    seeds["syntax-tricks"] = inf_piece(
        inst="[ Inst.NT ] ; comment\nCopyFiles = \"Files, with comma\" , \"say \"\"hi\"\"\" ; c\n"
             "Continued = a, \\\n   b, \\\n c\nKeyless, line, \"\"\n",
        strings="[Strings]\nProv=\"a, b ; not a comment\"\nMfg=M %% x\nDesc=D\n[Strings.0409]\nProv=Q\n")
    seeds["dirids"] = inf_piece(
        svc="[Svc_Install]\nUmdfLibraryVersion=1.11.0\nDriverCLSID={A1B8E9F2-0C4D-4E5A-9F61-2B7C3D8E4F50}\n"
            "ServiceBinary=%11%\\drivers\\UMDF\\Svc.dll\nOther=%10%,%13%,%1%,%99%,%%,%Prov%\n")
    seeds["binary-climbs"] = inf_piece(
        svc="[Svc_Install]\nUmdfLibraryVersion=1.11.0\nDriverCLSID={A1B8E9F2-0C4D-4E5A-9F61-2B7C3D8E4F50}\n"
            "ServiceBinary=%12%\\UMDF\\..\\..\\x.dll\n")
    seeds["binary-dots-blanks"] = inf_piece(
        svc="[Svc_Install]\nUmdfLibraryVersion=1.11.0\nDriverCLSID={A1B8E9F2-0C4D-4E5A-9F61-2B7C3D8E4F50}\n"
            "ServiceBinary=\"%12%\\... \\x:y.dll\"\n")
    seeds["strings-in-strings"] = inf_piece(strings="[Strings]\nProv=%Mfg%\nMfg=\"%%Desc%%\"\nDesc=%\n")
    seeds["undefined-string"] = inf_piece(models="[Models.NTamd64]\n%Nope%=Inst,ROOT\\TEST\n")
    seeds["unterminated-quote"] = inf_piece(inst="[Inst.NT]\nCopyFiles=\"Files\n")
    seeds["bad-guid-date"] = inf_piece(
        version="[Version]\nSignature=\"$Chicago$\"\nClass=Sample\nClassGuid={78a1c341-4539-11d3-b88d}\n"
                "Provider=%Prov%\nDriverVer=2/29/2023,1.2.3.4.5\n")
    seeds["many-values"] = inf_piece(inst="[Inst.NT]\nCopyFiles=" + ",".join("v%d" % i for i in range(64)) + "\n")
    seeds["long-line"] = inf_piece(inst="[Inst.NT]\nCopyFiles=" + "x" * 4085 + "\n")
    seeds["merged-sections"] = inf_piece() + b"[version]\nCatalogFile=a.cat\n[MODELS.NTAMD64]\n%Desc%=Inst,ROOT\\MORE\n"
    seeds["bad-utf8"] = inf_piece(inst="[Inst.NT]\nCopyFiles=\xe9t\xe9\n").replace(b"\xc3\xa9", b"\xe9")
    seeds["utf16-unpaired-surrogate"] = b"\xff\xfe" + "[Version]\n".encode("utf-16-le") + b"\x00\xd8A\x00"
    seeds["utf16-big-endian"] = b"\xfe\xff" + "[Version]\n".encode("utf-16-be")
    seeds["text-before-section"] = b"Signature=x\n" + inf_piece()
    seeds["empty-section-name"] = b"[ ]\n" + inf_piece()
    # Past 32 sections the section table grows (and rehashes).
    seeds["many-sections"] = inf_piece() + "".join("[Extra%d]\nKey%d=%%Prov%%\n" % (i, i)
                                                   for i in range(80)).encode()
    seeds["nine-services"] = inf_piece(
        wdf="[Inst.NT.Wdf]\n" + "".join("UmdfService=S%d,Svc_Install\n" % i for i in range(9))
            + "UmdfServiceOrder=S0\n")
    seeds["order-twice-and-missing"] = inf_piece(
        wdf="[Inst.NT.Wdf]\nUmdfService=Svc,Svc_Install\nUmdfService=Two,Svc_Install\nUmdfServiceOrder=Svc,Svc\n")
    seeds["binary-is-a-directory"] = inf_piece(
        svc="[Svc_Install]\nUmdfLibraryVersion=1.11.0\nDriverCLSID={A1B8E9F2-0C4D-4E5A-9F61-2B7C3D8E4F50}\n"
            "ServiceBinary=\"%12%\\UMDF\\\"\n")
    seeds["empty-models-name"] = inf_piece(mfg="[Manufacturer]\n%Mfg%=\"\",NTamd64\nOther=Models\n")
    return seeds


# Inputs that crashed a target once, kept so that the crash stays fixed. Bytes as found, in hex.
REGRESSIONS = {
    # common/wire_frame.c: a fresh framer asked for 0 bytes returned NULL + 0 (UBSan).
    "fuzz_client_wire": {"framer-empty-piece": ""},
    "fuzz_host_wire": {},
    "fuzz_inf": {},
    "fuzz_kv": {"framer-empty-piece": ""},
    "fuzz_ring": {},
    "fuzz_usb_descriptors": {},
    "fuzz_usbip": {},
}

# What a device sends: the OSR FX2 kit's device and configuration descriptors (two alternate
# settings of one interface, three endpoints each), and variations on their counts and lengths.
FX2_DEVICE = bytes.fromhex("120100020000004047050210000001020001")
FX2_CONFIG = bytes.fromhex(
    "09024500010100a032"                              # configuration, 69 bytes in all
    "0904000003ff000000"                              # interface 0, setting 0, 3 endpoints
    "07058103010001" "07050202000200" "07058602000200"
    "0904000103ff000000"                              # interface 0, setting 1
    "07058103010001" "07050202400000" "07058602400000")
USB_SEEDS = {
    "device": FX2_DEVICE,
    "config": FX2_CONFIG,
    "config-short-total": FX2_CONFIG[:2] + bytes([0x20, 0x00]) + FX2_CONFIG[4:],
    "config-more-endpoints": FX2_CONFIG[:13] + bytes([0x07]) + FX2_CONFIG[14:],
    "config-zero-length": FX2_CONFIG[:18] + bytes([0x00]) + FX2_CONFIG[19:],
    "config-truncated": FX2_CONFIG[:30],
}


# USB/IP (common/usbip.h), big-endian: operations (version 0x0111, code, status) with the kit as
# usbipd would export it, and URB-phase headers (48 bytes) for each command.
def usbip_op(code, status=0):
    return struct.pack(">HHI", 0x0111, code, status)


def usbip_device(busid=b"1-2", interfaces=1):
    path = b"/sys/devices/pci0000:00/0000:00:14.0/usb1/1-2"
    return (path.ljust(256, b"\0") + busid.ljust(32, b"\0") + struct.pack(">III", 1, 5, 3)
            + struct.pack(">HHH", 0x0547, 0x1002, 0) + bytes([0, 0, 0, 1, 1, interfaces]))


def usbip_urb(command, seqnum, direction, ep, a=0, b=0, c=0, d=0, e=0, setup=b""):
    return struct.pack(">IIIIIIIIII", command, seqnum, 0x10005, direction, ep, a, b, c, d, e) + setup.ljust(8, b"\0")


USBIP_SEEDS = {
    "devlist-request": usbip_op(0x8005),
    "devlist-reply": usbip_op(0x0005) + struct.pack(">I", 1) + usbip_device() + bytes([0xFF, 0, 0, 0]),
    "devlist-reply-empty": usbip_op(0x0005) + struct.pack(">I", 0),
    "import-request": usbip_op(0x8003) + b"1-2".ljust(32, b"\0"),
    "import-reply": usbip_op(0x0003) + usbip_device(),
    "import-reply-na": usbip_op(0x0003, 1),
    "submit-get-descriptor": usbip_urb(1, 1, 1, 0, 0x200, 18, 0, 0xFFFFFFFF, 0, bytes.fromhex("8006000100001200")),
    "submit-bulk-out": usbip_urb(1, 2, 0, 2, 0, 4, 0, 0xFFFFFFFF, 0) + b"abcd",
    "ret-submit-stall": usbip_urb(3, 2, 0, 0, 0xFFFFFFE0, 0, 0, 0, 0),
    "unlink": usbip_urb(2, 3, 0, 0, 2),
    "ret-unlink": usbip_urb(4, 3, 0, 0, 0xFFFFFF98),
    "server": b"127.0.0.1:3240",
    "server-v6": b"[::1]:3241",
}


# A ring as the host sees it (fuzz_ring.c): its count of submissions taken, the slots it holds,
# 320 bytes of header (sq_tail at 20, the queue at 64), then 64-byte slots.
def ring(head, busy, tail, queue, slots):
    header = bytearray(320)
    struct.pack_into("<IIIIII", header, 0, 0x474E5257, 1, 64, 8192, 4 * 1024 * 1024, tail)
    for i, index in enumerate(queue):
        struct.pack_into("<I", header, 64 + 4 * (i % 64), index)
    body = b"".join(slots)
    return struct.pack("<IQ", head, busy) + bytes(header) + body


def slot(state, major, code=0, in_off=0, in_len=0, out_off=0, out_len=0, offset=0, tag=1):
    return struct.pack("<IB3xIIIIIiQQQQ", state, major, code, in_off, in_len, out_off, out_len, 0, offset, 0, tag, 0)


RING_SEEDS = {
    "ioctl": ring(0, 0, 1, [0], [slot(1, 0x0E, 0x222008, 0, 16, 64, 16)]),
    "read-write": ring(0, 0, 2, [1, 0], [slot(1, 0x04, 0, 0, 4096), slot(1, 0x03, 0, 0, 0, 4096, 4096)]),
    "read-with-input": ring(0, 0, 1, [0], [slot(1, 0x03, 0, 0, 8, 64, 8)]),
    "beyond-the-arena": ring(0, 0, 1, [0], [slot(1, 0x0E, 0, 0xFFFFFFF0, 32, 0, 0)]),
    "index-out-of-range": ring(0, 0, 1, [200], []),
    "overrun": ring(0, 0, 100, [0], [slot(1, 0x0E)]),
    "slot-held": ring(0, 1, 1, [0], [slot(1, 0x0E)]),
    "not-submitted": ring(0, 0, 1, [0], [slot(2, 0x0E)]),
    "wrapped": ring(0xFFFFFFFF, 0, 1, [0, 0], [slot(1, 0x0F, 0, 0, 0, 0, 0)]),
}


def write(target, seeds):
    directory = os.path.join(CORPUS, target)
    if os.path.isdir(directory):
        shutil.rmtree(directory)
    os.makedirs(directory)
    for name, data in seeds.items():
        with open(os.path.join(directory, name), "wb") as f:
            f.write(data)
    for name, hexdata in REGRESSIONS[target].items():
        with open(os.path.join(directory, "regress-" + name), "wb") as f:
            f.write(bytes.fromhex(hexdata))
    return len(seeds) + len(REGRESSIONS[target])


def main():
    counts = {
        "fuzz_client_wire": write("fuzz_client_wire", CLIENT_SEEDS),
        "fuzz_host_wire": write("fuzz_host_wire", HOST_SEEDS),
        "fuzz_inf": write("fuzz_inf", inf_seeds()),
        "fuzz_kv": write("fuzz_kv", KV_SEEDS),
        "fuzz_ring": write("fuzz_ring", RING_SEEDS),
        "fuzz_usb_descriptors": write("fuzz_usb_descriptors", USB_SEEDS),
        "fuzz_usbip": write("fuzz_usbip", USBIP_SEEDS),
    }
    for target, n in counts.items():
        print("%s: %d seeds" % (target, n))
    return 0


if __name__ == "__main__":
    sys.exit(main())
